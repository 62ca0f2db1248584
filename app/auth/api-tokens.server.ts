// API tokens: random secrets shown once, stored only as SHA-256 hashes.
import { createHash, randomBytes } from "node:crypto";
import { eq } from "drizzle-orm";
import { getDb } from "#db/connection.server";
import { apiTokens } from "#db/schema";

function hashToken(token: string) {
  return createHash("sha256").update(token).digest("hex");
}

export async function createApiToken(userId: string): Promise<string> {
  const token = `ct_${randomBytes(32).toString("base64url")}`;
  await getDb().insert(apiTokens).values({ userId, tokenHash: hashToken(token) });
  return token;
}

export async function userIdForApiToken(token: string): Promise<string | undefined> {
  const [row] = await getDb()
    .update(apiTokens)
    .set({ lastUsedAt: new Date() })
    .where(eq(apiTokens.tokenHash, hashToken(token)))
    .returning({ userId: apiTokens.userId });
  return row?.userId;
}

export async function revokeApiToken(token: string) {
  await getDb().delete(apiTokens).where(eq(apiTokens.tokenHash, hashToken(token)));
}
