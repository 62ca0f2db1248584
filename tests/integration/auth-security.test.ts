// Cross-site requests with the session cookie are refused and change nothing; every API answer carries the security headers.
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import * as currentSession from "#app/routes/api.v1.sessions.current";
import * as sessionsApi from "#app/routes/api.v1.sessions";
import * as usersApi from "#app/routes/api.v1.users";
import * as accountRoute from "#app/routes/account";
import * as loginRoute from "#app/routes/login";
import { startSession } from "#app/auth/session.server";
import { getDb } from "#db/connection.server";
import { apiTokens, sessions, users } from "#db/schema";
import { callRoute, json } from "#tests/support/http";
import { TEST_PASSWORD, createUser } from "#tests/support/world";

async function browser() {
  const user = await createUser();
  const cookie = (await startSession(user.id)).split(";")[0];
  const sessionId = cookie.split("=")[1];
  const sessionExists = async () => (await getDb().select().from(sessions).where(eq(sessions.id, sessionId))).length === 1;
  return { user, cookie, sessionExists };
}

describe("cookie-authenticated mutations from another site", () => {
  it("are refused 403 cross_origin when the Origin is foreign, and the session survives", async () => {
    const b = await browser();
    const res = await callRoute(currentSession, { method: "DELETE", cookie: b.cookie, headers: { Origin: "https://evil.test" } });
    expect(res.status).toBe(403);
    expect((await json(res)).error.code).toBe("cross_origin");
    expect(await b.sessionExists()).toBe(true);
  });

  it("are refused when the browser says Sec-Fetch-Site: cross-site, even without an Origin", async () => {
    const b = await browser();
    const res = await callRoute(currentSession, { method: "DELETE", cookie: b.cookie, headers: { "Sec-Fetch-Site": "cross-site" } });
    expect(res.status).toBe(403);
    expect((await json(res)).error.code).toBe("cross_origin");
    expect(await b.sessionExists()).toBe(true);
  });

  it("go through from the app's own origin", async () => {
    const b = await browser();
    const res = await callRoute(currentSession, {
      method: "DELETE",
      cookie: b.cookie,
      headers: { Origin: "http://localhost:3000", "Sec-Fetch-Site": "same-origin" },
    });
    expect(res.status).toBe(204);
    expect(await b.sessionExists()).toBe(false);
  });

  it("on the account page change nothing: no token created, no name changed", async () => {
    const b = await browser();
    const before = await getDb().select().from(apiTokens).where(eq(apiTokens.userId, b.user.id));
    const forms: Record<string, string>[] = [{ intent: "createToken" }, { intent: "profile", name: "Hijacked", locale: "fr" }];
    for (const form of forms) {
      const res = await callRoute(accountRoute, { cookie: b.cookie, path: "/account", form, headers: { Origin: "https://evil.test" } });
      // Refused either as cross_origin or by sending the request to the login page: never carried out.
      expect([302, 403]).toContain(res.status);
    }
    expect(await getDb().select().from(apiTokens).where(eq(apiTokens.userId, b.user.id))).toHaveLength(before.length);
    const [row] = await getDb().select().from(users).where(eq(users.id, b.user.id));
    expect(row.name).toBe("Test User");
  });

  it("cannot log a browser into an account from another site (login CSRF)", async () => {
    const victim = await createUser();
    const res = await callRoute(loginRoute, {
      path: "/login",
      form: { email: victim.email, password: TEST_PASSWORD },
      headers: { Origin: "https://evil.test", "Sec-Fetch-Site": "cross-site" },
    });
    expect(res.status).toBe(403);
    expect(res.headers.getSetCookie()).toEqual([]);
  });
});

describe("API answers", () => {
  it("carry CSP with frame-ancestors 'none', a referrer policy and nosniff, on success and on error", async () => {
    const user = await createUser();
    const answers = [
      await callRoute(sessionsApi, { body: { email: user.email, password: TEST_PASSWORD } }),
      await callRoute(sessionsApi, { body: { email: user.email, password: "wrong password" } }),
      await callRoute(usersApi, { body: "{not json" }),
      await callRoute(currentSession, { method: "DELETE" }),
    ];
    expect(answers.map((res) => res.status)).toEqual([201, 401, 400, 401]);
    for (const res of answers) {
      expect(res.headers.get("Content-Security-Policy")).toMatch(/frame-ancestors 'none'/);
      expect(res.headers.get("Referrer-Policy")).toBe("strict-origin-when-cross-origin");
      expect(res.headers.get("X-Content-Type-Options")).toBe("nosniff");
      expect(res.headers.get("Cache-Control")).toBe("no-store");
    }
  });
});
