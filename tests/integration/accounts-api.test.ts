import { describe, expect, it } from "vitest";
import * as users from "#app/routes/api.v1.users";
import * as sessions from "#app/routes/api.v1.sessions";
import * as current from "#app/routes/api.v1.sessions.current";
import { callRoute, json } from "#tests/support/http";

describe("accounts API", () => {
  it("creates an account, logs in with a token, and revokes it", async () => {
    const created = await callRoute(users, { body: { email: "Ana@Example.test", password: "a long password", name: "Ana" } });
    expect(created.status).toBe(201);
    const user = await json(created);
    expect(user).toMatchObject({ email: "ana@example.test", name: "Ana" });

    const login = await callRoute(sessions, { body: { email: "ana@example.test", password: "a long password" } });
    expect(login.status).toBe(201);
    const { token, userId } = await json(login);
    expect(userId).toBe(user.id);
    expect(token).toMatch(/^ct_/);

    expect((await callRoute(current, { method: "DELETE", token })).status).toBe(204);
    expect((await callRoute(current, { method: "DELETE", token })).status).toBe(401);
  });

  it("refuses a second account with the same email in any case with 409", async () => {
    await callRoute(users, { body: { email: "bo@example.test", password: "a long password", name: "Bo" } });
    const again = await callRoute(users, { body: { email: "BO@example.test", password: "another password", name: "Bo" } });
    expect(again.status).toBe(409);
    expect((await json(again)).error.code).toBe("email_taken");
  });

  it("answers 401 with the same body for an unknown email and a wrong password", async () => {
    await callRoute(users, { body: { email: "cy@example.test", password: "a long password", name: "Cy" } });
    const wrong = await callRoute(sessions, { body: { email: "cy@example.test", password: "nope nope nope" } });
    const unknown = await callRoute(sessions, { body: { email: "nobody@example.test", password: "nope nope nope" } });
    expect(wrong.status).toBe(401);
    expect(unknown.status).toBe(401);
    expect(await json(wrong)).toEqual(await json(unknown));
  });

  it("answers 400 for a body that is not JSON and 422 with field errors for invalid fields", async () => {
    const malformed = await callRoute(users, { body: "{not json" });
    expect(malformed.status).toBe(400);
    const invalid = await callRoute(users, { body: { email: "not-an-email", password: "short", name: "" } });
    expect(invalid.status).toBe(422);
    const { error } = await json(invalid);
    expect(Object.keys(error.fields).sort()).toEqual(["email", "name", "password"]);
  });
});
