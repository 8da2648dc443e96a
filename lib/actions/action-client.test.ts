import { randomUUID } from "node:crypto";
import { redirect } from "next/navigation";
import { afterEach, describe, expect, it, vi } from "vitest";
import { z } from "zod";
import { ACTIVE_BUSINESS_COOKIE } from "../auth/business-context";
import { ForbiddenError, NotFoundError, UserFacingError } from "../errors";
import type { RequestReader } from "../auth/request-reader";
import type { SessionUser } from "../auth/session";
import { PORTAL_SESSION_COOKIE, startPortalSession } from "../clients/portal/portal-session";
import { db } from "../db";
import { IMPERSONATION_COOKIE, startImpersonation } from "../auth/impersonation";
import { createTestBusiness, createTestClient, TEST_PASSWORD, upsertUser } from "../../prisma/seed/factories";
import { createActionClient } from "./action-client";
import { PortalInput, requireBusiness, requirePortal, requireSupport, requireUser } from "./action-layers";

// The layers run outside a Next request here, so the request (session and cookies) is a reader these tests pass in;
// everything behind it (memberships, impersonations, portal sessions) is the real code against the real database.

function requestOf(user: SessionUser | null, cookies: Record<string, string> = {}): RequestReader {
  return { user: async () => user, cookie: async (name) => cookies[name] };
}

function sessionUserOf(row: { id: string; email: string; name: string; platformRole: string }): SessionUser {
  return { id: row.id, email: row.email, name: row.name, isSupport: row.platformRole === "SUPPORT" };
}

async function supportUser(): Promise<SessionUser> {
  const tag = randomUUID().slice(0, 8);
  return sessionUserOf(
    await upsertUser(db, {
      email: `support-${tag}@platform.test`,
      name: `Support ${tag}`,
      password: TEST_PASSWORD,
      support: true,
    }),
  );
}

const NOT_FOUND_DIGEST = "NEXT_HTTP_ERROR_FALLBACK;404";
const Reason = z.object({ reason: z.string().min(10, "Use at least 10 characters.") });

afterEach(() => vi.restoreAllMocks());

describe("the base client", () => {
  it("parses the input with zod: a bad input is the first message per field, and the handler never runs", async () => {
    const handler = vi.fn(async () => "ran");
    const action = createActionClient(requestOf(null))
      .input(z.object({ email: z.email("Enter a valid email."), groups: z.array(z.uuid("Pick a group.")) }))
      .action(handler);
    const result = await action({ email: "nope", groups: ["x", "y"] });
    expect(result).toEqual({
      ok: false,
      error: "Check the highlighted fields.",
      fieldErrors: { email: "Enter a valid email.", "groups.0": "Pick a group.", "groups.1": "Pick a group." },
    });
    expect(handler).not.toHaveBeenCalled();
    expect(await action({ email: "a@example.test", groups: [] })).toEqual({ ok: true, data: "ran" });
  });

  it("shows our own errors' messages, and only a generic message (logged, no stack) for anything else", async () => {
    const failing = (error: Error) =>
      createActionClient(requestOf(null))
        .input(z.object({}))
        .action(async () => {
          throw error;
        });
    expect(await failing(new UserFacingError("That list is gone."))({})).toEqual({
      ok: false,
      error: "That list is gone.",
    });
    expect(await failing(new ForbiddenError())({})).toEqual({
      ok: false,
      error: "You do not have permission to do that.",
    });
    expect(await failing(new NotFoundError("Client 42"))({})).toEqual({ ok: false, error: "Not found." });

    const logged = vi.spyOn(console, "error").mockImplementation(() => {});
    const secret = new Error("connect ECONNREFUSED 10.0.0.7:5432 password=hunter2");
    const result = await failing(secret)({});
    expect(result).toEqual({ ok: false, error: "Something went wrong on our side. Please try again." });
    expect(JSON.stringify(result)).not.toMatch(/ECONNREFUSED|hunter2|at /);
    expect(logged).toHaveBeenCalledWith(
      expect.stringContaining("Server action failed: Error: connect ECONNREFUSED 10.0.0.7:5432 password=hunter2"),
    );
  });

  it("never logs what the person sent, even when the error repeats it", async () => {
    const logged = vi.spyOn(console, "error").mockImplementation(() => {});
    const input = { business: "sunrise", token: "one-time-token-9f8e7d", password: "portal-password-secret" };
    const echoing = createActionClient(requestOf(null))
      .input(z.object({ business: z.string(), token: z.string(), password: z.string() }))
      .action(async (i) => {
        throw new Error(`library failed on ${JSON.stringify(i)}`);
      });
    expect(await echoing(input)).toMatchObject({ ok: false });
    const line = String(logged.mock.calls[0]?.[0]);
    expect(line).toContain("Server action failed: Error: library failed on");
    expect(line).not.toContain(input.token);
    expect(line).not.toContain(input.password);
  });

  it("lets Next's redirect() through to Next", async () => {
    const action = createActionClient(requestOf(null))
      .input(z.object({}))
      .action(async () => redirect("/support"));
    await expect(action({})).rejects.toMatchObject({
      digest: expect.stringMatching(/^NEXT_REDIRECT;replace;\/support;/),
    });
  });
});

describe("requireUser", () => {
  it("refuses a request without a session before reading the input", async () => {
    const handler = vi.fn(async () => null);
    const action = createActionClient(requestOf(null)).use(requireUser).input(Reason).action(handler);
    expect(await action({ reason: "short" })).toEqual({ ok: false, error: "Sign in to continue." });
    expect(handler).not.toHaveBeenCalled();
  });
});

describe("requireBusiness", () => {
  const client = (request: RequestReader, roles?: readonly ("OWNER" | "STAFF")[]) =>
    createActionClient(request)
      .use(requireUser)
      .use(requireBusiness(roles))
      .input(z.object({}))
      .action(async (_input, ctx) => ctx);

  it("gives the handler the business of the user's membership, with its role", async () => {
    const { business, owner } = await createTestBusiness(db);
    const result = await client(requestOf(sessionUserOf(owner)), ["OWNER"])({});
    expect(result).toMatchObject({
      ok: true,
      data: { businessId: business.id, role: "OWNER", user: { id: owner.id } },
    });
  });

  it("refuses a role the action does not allow, and a user without a business", async () => {
    const { staff } = await createTestBusiness(db);
    expect(await client(requestOf(sessionUserOf(staff)), ["OWNER"])({})).toEqual({
      ok: false,
      error: "You do not have permission to do that.",
    });
    expect(await client(requestOf(sessionUserOf(staff)), ["OWNER", "STAFF"])({})).toMatchObject({
      ok: true,
      data: { role: "STAFF" },
    });
    const loner = await upsertUser(db, {
      email: `loner-${randomUUID().slice(0, 8)}@example.test`,
      name: "Loner",
      password: TEST_PASSWORD,
    });
    expect(await client(requestOf(sessionUserOf(loner)))({})).toEqual({
      ok: false,
      error: "Your account is not a member of any business.",
    });
  });

  it("honours the active-business cookie only through a membership", async () => {
    const mine = await createTestBusiness(db);
    const other = await createTestBusiness(db);
    const owner = sessionUserOf(mine.owner);
    const forged = await client(requestOf(owner, { [ACTIVE_BUSINESS_COOKIE]: other.business.id }))({});
    expect(forged).toMatchObject({ ok: true, data: { businessId: mine.business.id } });
  });

  it("gives a support user the business they are impersonating, with the owner's role", async () => {
    const { business } = await createTestBusiness(db);
    const support = await supportUser();
    const started = await startImpersonation({
      supportUserId: support.id,
      businessId: business.id,
      reason: "Owner asked us to check their list (ticket 1)",
    });
    const result = await client(requestOf(support, { [IMPERSONATION_COOKIE]: started.impersonationId }), ["OWNER"])({});
    expect(result).toMatchObject({
      ok: true,
      data: { businessId: business.id, role: "OWNER", impersonation: { id: started.impersonationId } },
    });
  });
});

describe("requireSupport", () => {
  const client = (request: RequestReader) =>
    createActionClient(request)
      .use(requireSupport)
      .input(Reason)
      .action(async (input, { user }) => ({ by: user.id, reason: input.reason }));

  it("is Next's not found for anyone but support, signed out included, before the input is read", async () => {
    const { owner } = await createTestBusiness(db);
    // The input is invalid: a check after parsing would answer with field errors instead.
    await expect(client(requestOf(null))({ reason: "short" })).rejects.toMatchObject({ digest: NOT_FOUND_DIGEST });
    await expect(client(requestOf(sessionUserOf(owner)))({ reason: "short" })).rejects.toMatchObject({
      digest: NOT_FOUND_DIGEST,
    });
  });

  it("lets a support user through to the input and the handler", async () => {
    const support = await supportUser();
    expect(await client(requestOf(support))({ reason: "short" })).toEqual({
      ok: false,
      error: "Check the highlighted fields.",
      fieldErrors: { reason: "Use at least 10 characters." },
    });
    expect(await client(requestOf(support))({ reason: "A long enough reason" })).toEqual({
      ok: true,
      data: { by: support.id, reason: "A long enough reason" },
    });
  });
});

describe("requirePortal", () => {
  const client = (request: RequestReader) =>
    createActionClient(request)
      .use(requirePortal)
      .input(PortalInput.extend({ clientId: z.string().optional() }))
      .action(async (_input, portal) => portal);

  async function portalSession() {
    const { business } = await createTestBusiness(db);
    const client = await createTestClient(db, business.id);
    const { token } = await db.$transaction((tx) => startPortalSession(tx, client.id, business.id));
    return { business, client, token };
  }

  it("takes the client and business from the session cookie, never from the request", async () => {
    const { business, client: me, token } = await portalSession();
    const someoneElse = await createTestClient(db, business.id);
    const result = await client(requestOf(null, { [PORTAL_SESSION_COOKIE]: token }))({
      business: business.slug,
      clientId: someoneElse.id,
    });
    expect(result).toEqual({
      ok: true,
      data: { businessId: business.id, businessSlug: business.slug, clientId: me.id },
    });
  });

  it("refuses a request without a session, or with another business's portal session", async () => {
    const { business } = await portalSession();
    const other = await portalSession();
    expect(await client(requestOf(null))({ business: business.slug })).toEqual({
      ok: false,
      error: "Sign in to continue.",
    });
    expect(
      await client(requestOf(null, { [PORTAL_SESSION_COOKIE]: other.token }))({ business: business.slug }),
    ).toEqual({ ok: false, error: "Sign in to continue." });
    // The staff session is not the portal's.
    const { owner } = await createTestBusiness(db);
    expect(await client(requestOf(sessionUserOf(owner)))({ business: business.slug })).toEqual({
      ok: false,
      error: "Sign in to continue.",
    });
  });
});
