// Rate limits on login failures (per email and per address) and on sign-ups (per address), via API and form.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import * as usersApi from "#app/routes/api.v1.users";
import * as sessionsApi from "#app/routes/api.v1.sessions";
import * as loginRoute from "#app/routes/login";
import * as signupRoute from "#app/routes/signup";
import { callRoute, json } from "#tests/support/http";
import { TEST_PASSWORD, createUser } from "#tests/support/world";
import { setEnv } from "#tests/support/settings";

const saved = { login: process.env.LOGIN_FAILURES_PER_15_MIN, signup: process.env.SIGNUPS_PER_IP_PER_HOUR };
beforeEach(() => {
  setEnv({ LOGIN_FAILURES_PER_15_MIN: "3", SIGNUPS_PER_IP_PER_HOUR: "2" });
});
afterEach(() => {
  setEnv({ LOGIN_FAILURES_PER_15_MIN: saved.login, SIGNUPS_PER_IP_PER_HOUR: saved.signup });
});

let nextAddress = 1;
/** A client address no other test uses. */
const address = () => `192.0.2.${nextAddress++}`;

const apiLogin = (email: string, password: string, from: string) =>
  callRoute(sessionsApi, { body: { email, password }, headers: { "X-Circuit-Client-Address": from } });
const formLogin = (email: string, password: string, from: string) =>
  callRoute(loginRoute, { path: "/login", form: { email, password }, headers: { "X-Circuit-Client-Address": from } });

describe("login failures", () => {
  it("pause an email after the limit, from any address, even with the right password (429 via API)", async () => {
    const user = await createUser();
    for (let i = 0; i < 3; i++) expect((await apiLogin(user.email, "wrong password", address())).status).toBe(401);
    const blocked = await apiLogin(user.email, TEST_PASSWORD, address());
    expect(blocked.status).toBe(429);
    expect((await json(blocked)).error.code).toBe("rate_limited");
    // Another account is not affected.
    const other = await createUser();
    expect((await apiLogin(other.email, TEST_PASSWORD, address())).status).toBe(201);
  });

  it("pause an address after the limit, whatever the email (429 via API)", async () => {
    const from = address();
    const user = await createUser();
    for (let i = 0; i < 3; i++) expect((await apiLogin(`nobody-${i}@example.test`, "wrong password", from)).status).toBe(401);
    expect((await apiLogin(user.email, TEST_PASSWORD, from)).status).toBe(429);
    expect((await apiLogin(user.email, TEST_PASSWORD, address())).status).toBe(201);
  });

  it("show the pause as a message at the top of the login form", async () => {
    const user = await createUser();
    for (let i = 0; i < 3; i++) expect((await formLogin(user.email, "wrong password", address())).status).toBe(401);
    const res = await formLogin(user.email, TEST_PASSWORD, address());
    expect(res.status).toBe(429);
    const body = await json(res);
    expect(body.formError).toBe("Too many attempts. Please wait a few minutes and try again.");
    expect(body.fieldErrors).toEqual({});
    expect(res.headers.getSetCookie()).toEqual([]);
  });

  it("are forgotten for the email after a successful login", async () => {
    const user = await createUser();
    for (let i = 0; i < 2; i++) await apiLogin(user.email, "wrong password", address());
    expect((await formLogin(user.email, TEST_PASSWORD, address())).status).toBe(302);
    for (let i = 0; i < 2; i++) expect((await apiLogin(user.email, "wrong password", address())).status).toBe(401);
    // Four failures in the window, but only two since the success: still allowed.
    expect((await apiLogin(user.email, TEST_PASSWORD, address())).status).toBe(201);
  });

  it("answer an unknown email exactly as a wrong password, also once paused", async () => {
    const user = await createUser();
    const from = address();
    const wrong = await apiLogin(user.email, "wrong password", from);
    const unknown = await apiLogin("nobody@example.test", "wrong password", address());
    expect(unknown.status).toBe(wrong.status);
    expect(await json(unknown)).toEqual(await json(wrong));
    for (let i = 0; i < 3; i++) {
      await apiLogin(user.email, "wrong password", address());
      await apiLogin("nobody-else@example.test", "wrong password", address());
    }
    const pausedKnown = await apiLogin(user.email, "wrong password", address());
    const pausedUnknown = await apiLogin("nobody-else@example.test", "wrong password", address());
    expect(pausedKnown.status).toBe(429);
    expect(pausedUnknown.status).toBe(429);
    expect(await json(pausedUnknown)).toEqual(await json(pausedKnown));
  });
});

describe("sign-ups", () => {
  it("are limited per address: 429 via API and a message on the form, other addresses unaffected", async () => {
    const from = address();
    const body = (n: number) => ({ email: `new-${n}-${from}@example.test`, password: "a long password", name: `New ${n}` });
    expect((await callRoute(usersApi, { body: body(1), headers: { "X-Circuit-Client-Address": from } })).status).toBe(201);
    expect((await callRoute(usersApi, { body: body(2), headers: { "X-Circuit-Client-Address": from } })).status).toBe(201);
    const api = await callRoute(usersApi, { body: body(3), headers: { "X-Circuit-Client-Address": from } });
    expect(api.status).toBe(429);
    expect((await json(api)).error.code).toBe("rate_limited");

    const form = await callRoute(signupRoute, { path: "/signup", form: { ...body(4), locale: "en" }, headers: { "X-Circuit-Client-Address": from } });
    expect(form.status).toBe(429);
    const failure = await json(form);
    expect(failure.formError).toBe("Too many attempts. Please wait a few minutes and try again.");
    expect(failure.values.email).toBe(body(4).email);

    expect((await callRoute(usersApi, { body: body(5), headers: { "X-Circuit-Client-Address": address() } })).status).toBe(201);
  });

  it("count attempts on an existing email too, so the form cannot list accounts unbounded", async () => {
    const from = address();
    const existing = await createUser();
    for (let i = 0; i < 2; i++) {
      const res = await callRoute(usersApi, {
        body: { email: existing.email, password: "a long password", name: "X" },
        headers: { "X-Circuit-Client-Address": from },
      });
      expect(res.status).toBe(409);
    }
    const res = await callRoute(usersApi, {
      body: { email: existing.email, password: "a long password", name: "X" },
      headers: { "X-Circuit-Client-Address": from },
    });
    expect(res.status).toBe(429);
  });
});
