import { describe, expect, it } from "vitest";
import { GET, POST } from "@/app/api/alerts/unsubscribe/route";
import { listAlertPreferences } from "@/lib/alerts/alert-preferences";
import { signUnsubscribeToken } from "@/lib/alerts/unsubscribe-token";
import { testBusiness } from "@/tests/support/test-business";

const oneClick = (url: string) =>
  POST(
    new Request(url, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: "List-Unsubscribe=One-Click",
    }),
  );

describe("POST /api/alerts/unsubscribe (RFC 8058 one-click)", () => {
  it("turns the alert off with no session, answers a bad token with 400 (never 500), and GET changes nothing", async () => {
    const b = await testBusiness();
    const url = `http://localhost/api/alerts/unsubscribe?token=${signUnsubscribeToken({ userId: b.owner.id, businessId: b.business.id, kind: "RECONNECT_NEEDED" })}`;

    const viaGet = await GET(new Request(url));
    expect(viaGet.status).toBe(303);
    expect(viaGet.headers.get("location")).toContain("/alerts/unsubscribe?token=");
    expect((await listAlertPreferences(b.ownerCtx)).find((p) => p.kind === "RECONNECT_NEEDED")!.enabled).toBe(true);

    const response = await oneClick(url);
    expect(response.status).toBe(200);
    expect(await response.text()).toContain(
      `Unsubscribed from “A mailing-list connection needs reconnecting” alerts for ${b.business.name}.`,
    );
    expect((await listAlertPreferences(b.ownerCtx)).find((p) => p.kind === "RECONNECT_NEEDED")!.enabled).toBe(false);

    for (const bad of [
      "http://localhost/api/alerts/unsubscribe",
      "http://localhost/api/alerts/unsubscribe?token=forged.token",
      `http://localhost/api/alerts/unsubscribe?token=${"x".repeat(5000)}`,
    ]) {
      expect((await oneClick(bad)).status).toBe(400);
    }
  });
});
