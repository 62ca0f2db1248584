// The account page: name and language, and API tokens created once, listed, and revoked.
import { createHash } from "node:crypto";
import { eq, sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import * as accountRoute from "#app/routes/account";
import * as orderCyclesApi from "#app/routes/api.v1.order-cycles";
import * as currentSession from "#app/routes/api.v1.sessions.current";
import { startSession } from "#app/auth/session.server";
import { getDb } from "#db/connection.server";
import { apiTokens, users } from "#db/schema";
import { callRoute, json } from "#tests/support/http";
import { createUser } from "#tests/support/world";

async function signedIn() {
  const user = await createUser();
  const cookie = (await startSession(user.id)).split(";")[0];
  const load = () => callRoute(accountRoute, { cookie, path: "/account" });
  const post = (form: Record<string, string>, as = cookie) => callRoute(accountRoute, { cookie: as, path: "/account", form });
  return { user, cookie, load, post };
}

describe("account page", () => {
  it("sends a visitor who is not signed in to the login page and back", async () => {
    const res = await callRoute(accountRoute, { path: "/account" });
    expect(res.status).toBe(302);
    expect(res.headers.get("Location")).toBe("/login?redirectTo=%2Faccount");
  });

  it("changes the name and the language, and remembers the language in its cookie", async () => {
    const w = await signedIn();
    const res = await w.post({ intent: "profile", name: "  Camille Dupont ", locale: "fr" });
    expect(res.status).toBe(200);
    expect(await json(res)).toMatchObject({ ok: true, intent: "profile" });
    expect(res.headers.getSetCookie().some((line) => line.startsWith("circuit_locale="))).toBe(true);
    const [row] = await getDb().select().from(users).where(eq(users.id, w.user.id));
    expect(row).toMatchObject({ name: "Camille Dupont", locale: "fr" });
    const page = await json(await w.load());
    expect(page.user).toMatchObject({ name: "Camille Dupont", locale: "fr" });
    expect(page.title).toBe("Votre compte · Circuit");
  });

  it("refuses an empty name and an unknown language next to each field and changes nothing", async () => {
    const w = await signedIn();
    const res = await w.post({ intent: "profile", name: " ", locale: "de" });
    expect(res.status).toBe(422);
    const body = await json(res);
    expect(body.intent).toBe("profile");
    expect(body.fieldErrors).toEqual({ name: "This field is required.", locale: "Choose one of the options." });
    const [row] = await getDb().select().from(users).where(eq(users.id, w.user.id));
    expect(row).toMatchObject({ name: "Test User", locale: null });
  });

  it("creates a token shown once, stored only as its SHA-256 hash, that works for the API", async () => {
    const w = await signedIn();
    const res = await w.post({ intent: "createToken" });
    expect(res.status).toBe(200);
    const { token, tokenId } = await json(res);
    expect(token).toMatch(/^ct_[A-Za-z0-9_-]{40,}$/);

    const [row] = await getDb().select().from(apiTokens).where(eq(apiTokens.id, tokenId));
    expect(row.userId).toBe(w.user.id);
    expect(row.tokenHash).toBe(createHash("sha256").update(token).digest("hex"));
    const [{ holding }] = await getDb().execute<{ holding: number }>(
      sql`select count(*)::int as holding from api_tokens t where position(${token} in row_to_json(t)::text) > 0`,
    );
    expect(holding).toBe(0);

    // Listed without the secret; a later page view never shows it again.
    const page = await json(await w.load());
    const listed = page.tokens.find((t: { id: string }) => t.id === tokenId);
    expect(listed).toMatchObject({ id: tokenId, lastUsedAt: null });
    expect(JSON.stringify(page)).not.toContain(token);

    // The token acts as the user until it is revoked.
    expect((await callRoute(currentSession, { method: "DELETE", token })).status).toBe(204);
  });

  it("records when a token was last used", async () => {
    const w = await signedIn();
    const { token, tokenId } = await json(await w.post({ intent: "createToken" }));
    expect((await callRoute(orderCyclesApi, { token, path: "/api/v1/order-cycles" })).status).toBe(200);
    const page = await json(await w.load());
    const listed = page.tokens.find((t: { id: string }) => t.id === tokenId);
    expect(listed.lastUsedAt).not.toBeNull();
    expect(Date.now() - Date.parse(listed.lastUsedAt)).toBeLessThan(60_000);
  });

  it("revokes a token so it no longer authenticates", async () => {
    const w = await signedIn();
    const { token, tokenId } = await json(await w.post({ intent: "createToken" }));
    const res = await w.post({ intent: "revokeToken", tokenId });
    expect(res.status).toBe(200);
    expect(await getDb().select().from(apiTokens).where(eq(apiTokens.id, tokenId))).toHaveLength(0);
    expect((await callRoute(currentSession, { method: "DELETE", token })).status).toBe(401);
  });

  it("cannot revoke another user's token: 404 and the token keeps working", async () => {
    const w = await signedIn();
    const other = await createUser();
    const [theirs] = await getDb().select().from(apiTokens).where(eq(apiTokens.userId, other.id));
    const res = await w.post({ intent: "revokeToken", tokenId: theirs.id });
    expect(res.status).toBe(404);
    expect(await getDb().select().from(apiTokens).where(eq(apiTokens.id, theirs.id))).toHaveLength(1);
    expect((await json(await w.load())).tokens.map((t: { id: string }) => t.id)).not.toContain(theirs.id);
    expect((await callRoute(orderCyclesApi, { token: other.token, path: "/api/v1/order-cycles" })).status).toBe(200);
  });

  it("answers 400 for an unknown intent", async () => {
    const w = await signedIn();
    expect((await w.post({ intent: "dropTables" })).status).toBe(400);
  });
});
