// Browser sessions through the pages: sign-up, login without fixation, logout, idle and absolute expiry.
import { eq, sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import * as signupRoute from "#app/routes/signup";
import * as loginRoute from "#app/routes/login";
import * as logoutRoute from "#app/routes/logout";
import * as accountRoute from "#app/routes/account";
import * as managersRoute from "#app/routes/api.v1.enterprises.$enterpriseId.managers";
import { startSession } from "#app/auth/session.server";
import { optionalCaller } from "#app/auth/actor.server";
import { getDb, queryCount } from "#db/connection.server";
import { sessions, users } from "#db/schema";
import { callRoute, json } from "#tests/support/http";
import { TEST_PASSWORD, createEnterprise, createUser } from "#tests/support/world";

const COOKIE = "circuit_session";

/** The session cookie an answer sets, as "name=value", with its raw attributes. */
function sessionCookie(response: Response): { pair: string; id: string; raw: string } | undefined {
  const raw = response.headers.getSetCookie().find((line) => line.startsWith(`${COOKIE}=`));
  if (!raw) return undefined;
  const pair = raw.split(";")[0];
  return { pair, id: pair.slice(COOKIE.length + 1), raw };
}

async function sessionRow(id: string) {
  const [row] = await getDb().select().from(sessions).where(eq(sessions.id, id));
  return row;
}

const ip = () => `10.1.${Math.floor(Math.random() * 250)}.${Math.floor(Math.random() * 250)}`;
const logIn = (form: Record<string, string>, options: { cookie?: string; path?: string } = {}) =>
  callRoute(loginRoute, { form, cookie: options.cookie, path: options.path ?? "/login", headers: { "X-Circuit-Client-Address": ip() } });
const accountPage = (cookie: string) => callRoute(accountRoute, { cookie, path: "/account" });

describe("sign-up page", () => {
  it("creates the user, starts a session with an HttpOnly SameSite=Lax cookie and, managing nothing, goes to the shops", async () => {
    const res = await callRoute(signupRoute, {
      path: "/signup",
      form: { name: "Ana Lopez", email: "Ana@Example.test", password: "a long password", locale: "fr" },
      headers: { "X-Circuit-Client-Address": ip() },
    });
    expect(res.status).toBe(302);
    expect(res.headers.get("Location")).toBe("/");
    const cookie = sessionCookie(res)!;
    expect(cookie.raw).toMatch(/HttpOnly/i);
    expect(cookie.raw).toMatch(/SameSite=Lax/i);
    expect(cookie.raw).toMatch(/Path=\//);

    const [user] = await getDb().select().from(users).where(eq(users.email, "ana@example.test"));
    expect(user).toMatchObject({ name: "Ana Lopez", locale: "fr" });
    expect(user.passwordHash).toMatch(/^\$argon2id\$/);
    expect((await sessionRow(cookie.id))?.userId).toBe(user.id);
    expect((await accountPage(cookie.pair)).status).toBe(200);
  });

  it("returns to the shop or checkout it was sent from, and never to another site", async () => {
    const signUpFrom = (redirectTo: string) =>
      callRoute(signupRoute, {
        path: "/signup",
        form: { name: "Ana", email: `ana-${Math.random().toString(36).slice(2)}@example.test`, password: "a long password", locale: "en", redirectTo },
        headers: { "X-Forwarded-For": ip() },
      });
    expect((await signUpFrom("/shop/riverside/checkout")).headers.get("Location")).toBe("/shop/riverside/checkout");
    expect((await signUpFrom("//evil.test/")).headers.get("Location")).toBe("/");
    expect((await signUpFrom("/admin")).headers.get("Location")).toBe("/");
    const page = await json(await callRoute(signupRoute, { path: "/signup?redirectTo=%2Fshop%2Friverside" }));
    expect(page.redirectTo).toBe("/shop/riverside");
  });

  it("goes to the admin when an accepted invitation made the new account a manager", async () => {
    const owner = await createUser();
    const hub = await createEnterprise(owner, { kind: "hub" });
    const email = `invited-${Math.random().toString(36).slice(2)}@example.test`;
    await callRoute(managersRoute, { token: owner.token, params: { enterpriseId: hub.id }, body: { email } });
    const res = await callRoute(signupRoute, {
      path: "/signup",
      form: { name: "Jo", email, password: "a long password", locale: "en" },
      headers: { "X-Forwarded-For": ip() },
    });
    expect(res.headers.get("Location")).toBe("/admin");
  });

  it("keeps the input but never the password, with each error next to its field", async () => {
    const res = await callRoute(signupRoute, {
      path: "/signup",
      form: { name: "", email: "not-an-email", password: "short", locale: "en" },
      headers: { "X-Circuit-Client-Address": ip() },
    });
    expect(res.status).toBe(422);
    const body = await json(res);
    expect(Object.keys(body.fieldErrors).sort()).toEqual(["email", "name", "password"]);
    expect(body.fieldErrors.password).toBe("Use at least 10 characters.");
    expect(body.values).toEqual({ name: "", email: "not-an-email", locale: "en" });
    expect(sessionCookie(res)).toBeUndefined();
    expect(await getDb().select().from(users).where(eq(users.email, "not-an-email"))).toHaveLength(0);
  });

  it("answers in the page's language and points at the email when it is taken", async () => {
    const existing = await createUser();
    const res = await callRoute(signupRoute, {
      path: "/signup",
      form: { name: "Bo", email: existing.email.toUpperCase(), password: "a long password", locale: "fr" },
      headers: { "X-Circuit-Client-Address": ip(), "Accept-Language": "fr" },
    });
    expect(res.status).toBe(409);
    const body = await json(res);
    expect(body.fieldErrors.email).toMatch(/Un compte existe déjà/);
    expect(body.values.email).toBe(existing.email.toUpperCase());
  });
});

describe("login page", () => {
  it("issues a new session id on each login and deletes the session the browser had before", async () => {
    const user = await createUser();
    const first = sessionCookie(await logIn({ email: user.email, password: TEST_PASSWORD }))!;
    expect(await sessionRow(first.id)).toBeDefined();

    const second = await logIn({ email: user.email, password: TEST_PASSWORD }, { cookie: first.pair });
    expect(second.status).toBe(302);
    const renewed = sessionCookie(second)!;
    expect(renewed.id).not.toBe(first.id);
    expect(await sessionRow(first.id)).toBeUndefined();
    expect((await sessionRow(renewed.id))?.userId).toBe(user.id);
    // The old id no longer signs anyone in.
    expect((await accountPage(first.pair)).status).toBe(302);
    expect((await accountPage(renewed.pair)).status).toBe(200);
  });

  it("deletes a session planted before login even when it belonged to someone else", async () => {
    const victim = await createUser();
    const attacker = await createUser();
    const planted = (await startSession(attacker.id)).split(";")[0];
    const res = await logIn({ email: victim.email, password: TEST_PASSWORD }, { cookie: planted });
    const fresh = sessionCookie(res)!;
    expect(fresh.pair).not.toBe(planted);
    expect(await sessionRow(planted.slice(COOKIE.length + 1))).toBeUndefined();
  });

  it("goes back to a same-site redirectTo and ignores any other", async () => {
    const user = await createUser();
    const to = async (redirectTo: string) => (await logIn({ email: user.email, password: TEST_PASSWORD, redirectTo })).headers.get("Location");
    expect(await to("/admin/order-cycles?state=open")).toBe("/admin/order-cycles?state=open");
    expect(await to("/shop/riverside/checkout")).toBe("/shop/riverside/checkout");
    expect(await to("//evil.test/steal")).toBe("/");
    expect(await to("https://evil.test/")).toBe("/");
    expect(await to("/\\evil.test")).toBe("/");
    expect(await to("/login")).toBe("/");
    // From the query string when the form did not carry it.
    const viaQuery = await logIn({ email: user.email, password: TEST_PASSWORD }, { path: "/login?redirectTo=%2Faccount" });
    expect(viaQuery.headers.get("Location")).toBe("/account");
  });

  it("sends a buyer who manages nothing to the shops, and a manager to the admin, when there is nowhere to return to", async () => {
    const buyer = await createUser();
    const manager = await createUser();
    await createEnterprise(manager, { kind: "hub" });
    for (const redirectTo of ["", "/admin"]) {
      expect((await logIn({ email: buyer.email, password: TEST_PASSWORD, redirectTo })).headers.get("Location")).toBe("/");
      expect((await logIn({ email: manager.email, password: TEST_PASSWORD, redirectTo })).headers.get("Location")).toBe("/admin");
    }
    // Already signed in: the login page sends each on the same way.
    const cookie = sessionCookie(await logIn({ email: buyer.email, password: TEST_PASSWORD }))!.pair;
    expect((await callRoute(loginRoute, { cookie, path: "/login?redirectTo=%2Fadmin" })).headers.get("Location")).toBe("/");
  });

  it("gives one generic message for an unknown email and for a wrong password", async () => {
    const user = await createUser();
    const wrong = await logIn({ email: user.email, password: "not the password" });
    const unknown = await logIn({ email: "nobody-here@example.test", password: "not the password" });
    expect(wrong.status).toBe(401);
    expect(unknown.status).toBe(401);
    const [a, b] = [await json(wrong), await json(unknown)];
    expect(a.formError).toBe("That email and password do not match an account.");
    expect(b.formError).toBe(a.formError);
    expect(b.fieldErrors).toEqual(a.fieldErrors);
    expect(a.fieldErrors).toEqual({});
    expect(a.values.password).toBeUndefined();
    expect(sessionCookie(wrong)).toBeUndefined();
  });

  it("sends a signed-in visitor on to where they were going", async () => {
    const user = await createUser();
    const cookie = (await startSession(user.id)).split(";")[0];
    const res = await callRoute(loginRoute, { cookie, path: "/login?redirectTo=%2Faccount" });
    expect(res.status).toBe(302);
    expect(res.headers.get("Location")).toBe("/account");
  });
});

describe("logout", () => {
  it("deletes the session row, clears the cookie and goes home", async () => {
    const user = await createUser();
    const cookie = sessionCookie(await logIn({ email: user.email, password: TEST_PASSWORD }))!;
    const res = await callRoute(logoutRoute, { cookie: cookie.pair, form: {}, path: "/logout" });
    expect(res.status).toBe(302);
    expect(res.headers.get("Location")).toBe("/");
    const cleared = sessionCookie(res)!;
    expect(cleared.id).toBe("");
    expect(cleared.raw).toMatch(/Max-Age=0/i);
    expect(await sessionRow(cookie.id)).toBeUndefined();
    expect((await accountPage(cookie.pair)).status).toBe(302);
  });

  it("does nothing on GET but send the visitor home", async () => {
    const user = await createUser();
    const cookie = sessionCookie(await logIn({ email: user.email, password: TEST_PASSWORD }))!;
    const res = await callRoute(logoutRoute, { cookie: cookie.pair, path: "/logout" });
    expect(res.status).toBe(302);
    expect(res.headers.get("Location")).toBe("/");
    expect(await sessionRow(cookie.id)).toBeDefined();
  });

  it("refuses a logout posted from another site and keeps the session", async () => {
    const user = await createUser();
    const cookie = sessionCookie(await logIn({ email: user.email, password: TEST_PASSWORD }))!;
    const res = await callRoute(logoutRoute, { cookie: cookie.pair, form: {}, path: "/logout", headers: { Origin: "https://evil.test" } });
    expect(res.status).toBe(403);
    expect(sessionCookie(res)).toBeUndefined();
    expect(await sessionRow(cookie.id)).toBeDefined();
  });
});

describe("session lifetime", () => {
  it("refuses a session idle past its expiry and deletes it", async () => {
    const user = await createUser();
    const cookie = sessionCookie(await logIn({ email: user.email, password: TEST_PASSWORD }))!;
    await getDb()
      .update(sessions)
      .set({ expiresAt: new Date(Date.now() - 60_000) })
      .where(eq(sessions.id, cookie.id));
    const res = await accountPage(cookie.pair);
    expect(res.status).toBe(302);
    expect(res.headers.get("Location")).toBe("/login?redirectTo=%2Faccount");
    expect(await sessionRow(cookie.id)).toBeUndefined();
  });

  it("refuses a session begun more than 30 days ago even though it was used a moment ago", async () => {
    const user = await createUser();
    const cookie = sessionCookie(await logIn({ email: user.email, password: TEST_PASSWORD }))!;
    // Recent activity: lucia pushed the idle expiry 14 days ahead; the login itself is 31 days old.
    await getDb()
      .update(sessions)
      .set({ createdAt: sql`now() - interval '31 days'`, expiresAt: sql`now() + interval '14 days'` })
      .where(eq(sessions.id, cookie.id));
    const res = await accountPage(cookie.pair);
    expect(res.status).toBe(302);
    expect(await sessionRow(cookie.id)).toBeUndefined();
  });

  it("keeps a session begun 29 days ago that is still within its idle window", async () => {
    const user = await createUser();
    const cookie = sessionCookie(await logIn({ email: user.email, password: TEST_PASSWORD }))!;
    await getDb()
      .update(sessions)
      .set({ createdAt: sql`now() - interval '29 days'`, expiresAt: sql`now() + interval '13 days'` })
      .where(eq(sessions.id, cookie.id));
    expect((await accountPage(cookie.pair)).status).toBe(200);
  });
});

describe("the caller of one request", () => {
  it("is looked up once for all the loaders of a page, and again for the next request", async () => {
    const user = await createUser();
    const cookie = sessionCookie(await logIn({ email: user.email, password: TEST_PASSWORD }))!;
    const request = new Request("http://localhost/shop", { headers: { Cookie: cookie.pair } });
    const before = queryCount();
    const first = await optionalCaller(request);
    const lookedUp = queryCount() - before;
    expect(first?.user.id).toBe(user.id);
    expect(lookedUp).toBeGreaterThan(0);
    // The route's loader, after the root's: the same caller, no query.
    const again = queryCount();
    expect(await optionalCaller(request)).toBe(first);
    expect(queryCount() - again).toBe(0);
    // A new request reads the session anew (a logout in between is seen).
    const next = queryCount();
    expect((await optionalCaller(new Request("http://localhost/shop", { headers: { Cookie: cookie.pair } })))?.user.id).toBe(user.id);
    expect(queryCount() - next).toBe(lookedUp);
  });
});
