import net from "node:net";
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { trustedBusinessScope } from "../auth/business-context";
import { ForbiddenError, NotAuthenticatedError, NotFoundError } from "../errors";
import { disconnectDb } from "../db";
import { isDatabaseUnavailable } from "../db/database-unavailable";
import { syncStatus } from "../sync/status/sync-status";
import { routeErrorResponse } from "./route-error-response";

// The status route (app/api/integrations/constant-contact/status) answers with routeErrorResponse when syncStatus
// fails. Here the app's own database client talks to a database that is not there: first nothing listens on its
// port, then a server that hangs up on every connection (a database crashing or restarting).
const realDatabaseUrl = process.env.DATABASE_URL;
let port = 0;
let hangUp: net.Server | null = null;

beforeAll(async () => {
  const probe = net.createServer().listen(0, "127.0.0.1");
  await new Promise((resolve) => probe.once("listening", resolve));
  port = (probe.address() as net.AddressInfo).port;
  await new Promise((resolve) => probe.close(resolve));
  await disconnectDb();
  process.env.DATABASE_URL = `postgresql://postgres@127.0.0.1:${port}/unreachable`;
});

afterAll(async () => {
  await disconnectDb();
  process.env.DATABASE_URL = realDatabaseUrl;
  await new Promise((resolve) => (hangUp ? hangUp.close(resolve) : resolve(null)));
});

async function expectRetryable503(error: unknown) {
  expect(isDatabaseUnavailable(error)).toBe(true);
  const response = routeErrorResponse(error);
  expect(response.status).toBe(503);
  expect(response.headers.get("retry-after")).toBe("10");
  expect(await response.json()).toEqual({ error: "This is unavailable right now. Please try again in a moment." });
}

describe("a route handler's failure", () => {
  it("is a 503 with a retryable message when the database cannot be reached", async () => {
    await expectRetryable503(
      await syncStatus(trustedBusinessScope(randomUUID()), "CONSTANT_CONTACT").then(
        () => "no error",
        (error: unknown) => error,
      ),
    );
  });

  it("is a 503 when the database hangs up mid-connection", async () => {
    hangUp = net.createServer((socket) => socket.destroy()).listen(port, "127.0.0.1");
    await new Promise((resolve) => hangUp!.once("listening", resolve));
    await expectRetryable503(
      await syncStatus(trustedBusinessScope(randomUUID()), "CONSTANT_CONTACT").then(
        () => "no error",
        (error: unknown) => error,
      ),
    );
  });

  it("is 401 signed out and 404 for what the caller may not see", async () => {
    expect(routeErrorResponse(new NotAuthenticatedError()).status).toBe(401);
    const forbidden = routeErrorResponse(new ForbiddenError());
    expect(forbidden.status).toBe(404);
    expect(await forbidden.json()).toEqual({ error: "Not found." });
    expect(routeErrorResponse(new NotFoundError()).status).toBe(404);
  });

  it("is rethrown when it is a bug, never disguised as not found", () => {
    const bug = new TypeError("Cannot read properties of undefined");
    expect(isDatabaseUnavailable(bug)).toBe(false);
    expect(() => routeErrorResponse(bug)).toThrow(bug);
  });
});
