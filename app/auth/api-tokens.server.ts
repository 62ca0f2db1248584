// API tokens: random secrets shown once, stored only as SHA-256 hashes.
import { createHash, randomBytes } from "node:crypto";
import { and, desc, eq } from "drizzle-orm";
import { getDb } from "#db/connection.server";
import { apiTokens } from "#db/schema";
import { DomainError } from "#app/domain/errors";

function hashToken(token: string) {
  return createHash("sha256").update(token).digest("hex");
}

export async function createApiToken(userId: string): Promise<string> {
  return (await issueApiToken(userId)).token;
}

/** A new token and its row id (for the account page to point at it); the secret exists only in this answer. */
export async function issueApiToken(userId: string): Promise<{ id: string; token: string }> {
  const token = `ct_${randomBytes(32).toString("base64url")}`;
  const [row] = await getDb()
    .insert(apiTokens)
    .values({ userId, tokenHash: hashToken(token) })
    .returning({ id: apiTokens.id });
  return { id: row.id, token };
}

/** "Last used" is kept to the minute: a write on every call would queue busy clients on one row. */
const LAST_USED_PRECISION_MS = 60_000;

export async function userIdForApiToken(token: string): Promise<string | undefined> {
  const [row] = await getDb()
    .select({ id: apiTokens.id, userId: apiTokens.userId, lastUsedAt: apiTokens.lastUsedAt })
    .from(apiTokens)
    .where(eq(apiTokens.tokenHash, hashToken(token)));
  if (!row) return undefined;
  const now = new Date();
  if (!row.lastUsedAt || now.getTime() - row.lastUsedAt.getTime() >= LAST_USED_PRECISION_MS) {
    await getDb().update(apiTokens).set({ lastUsedAt: now }).where(eq(apiTokens.id, row.id));
  }
  return row.userId;
}

export async function revokeApiToken(token: string) {
  await getDb()
    .delete(apiTokens)
    .where(eq(apiTokens.tokenHash, hashToken(token)));
}

export type ApiTokenSummary = { id: string; createdAt: Date; lastUsedAt: Date | null };

/** A user's tokens, newest first; the secrets themselves are not stored, so never part of this. */
export async function listApiTokens(userId: string, limit = 100): Promise<ApiTokenSummary[]> {
  return getDb()
    .select({ id: apiTokens.id, createdAt: apiTokens.createdAt, lastUsedAt: apiTokens.lastUsedAt })
    .from(apiTokens)
    .where(eq(apiTokens.userId, userId))
    .orderBy(desc(apiTokens.createdAt), desc(apiTokens.id))
    .limit(limit);
}

/** Revokes one of the user's own tokens by id; another user's token (or none) answers not_found. */
export async function revokeApiTokenById(userId: string, tokenId: string) {
  const deleted = await getDb()
    .delete(apiTokens)
    .where(and(eq(apiTokens.id, tokenId), eq(apiTokens.userId, userId)))
    .returning({ id: apiTokens.id });
  if (deleted.length === 0) throw new DomainError("not_found");
}
