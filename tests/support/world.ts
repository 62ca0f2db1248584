// Builders that make a world in a line: users with tokens, enterprises, grants.
import { randomBytes } from "node:crypto";
import { createApiToken } from "#app/auth/api-tokens.server";
import { hashPassword } from "#app/auth/passwords.server";
import { getDb } from "#db/connection.server";
import { users } from "#db/schema";

let passwordHash: Promise<string> | undefined;
export const TEST_PASSWORD = "correct horse battery";

export type TestUser = { id: string; email: string; name: string; token: string };

/** A user with an API token, created directly (fast: one shared password hash). */
export async function createUser(overrides: { email?: string; name?: string; locale?: string } = {}): Promise<TestUser> {
  passwordHash ??= hashPassword(TEST_PASSWORD);
  const email = overrides.email ?? `user-${randomBytes(5).toString("hex")}@example.test`;
  const [user] = await getDb()
    .insert(users)
    .values({ email, name: overrides.name ?? "Test User", passwordHash: await passwordHash, locale: overrides.locale ?? null })
    .returning();
  return { id: user.id, email: user.email, name: user.name, token: await createApiToken(user.id) };
}
