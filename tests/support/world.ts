// Builders that make a world in a line: users with tokens, enterprises, grants.
import { randomBytes } from "node:crypto";
import { createApiToken } from "#app/auth/api-tokens.server";
import { hashPassword } from "#app/auth/passwords.server";
import { getDb } from "#db/connection.server";
import { users } from "#db/schema";
import { createEnterprise as createEnterpriseCommand } from "#app/domain/enterprises/commands.server";
import { managedEnterpriseIds } from "#app/domain/enterprises/managers.server";
import { grantPermissions } from "#app/domain/enterprises/permissions.server";

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

// ---- Enterprises and grants, built through the enterprise commands ----

export type TestEnterprise = { id: string; name: string; kind: "producer" | "hub" | "profile" };

/** An enterprise owned and managed by `owner`, made by the same command as POST /enterprises. */
export async function createEnterprise(
  owner: TestUser,
  fields: {
    name?: string;
    kind?: "producer" | "hub" | "profile";
    isProducer?: boolean;
    sellsOwnProducts?: boolean;
    email?: string;
    locale?: "en" | "fr";
    timeZone?: string;
  } = {},
): Promise<TestEnterprise> {
  const actor = { userId: owner.id, enterpriseIds: await managedEnterpriseIds(owner.id) };
  const created = await createEnterpriseCommand(actor, {
    name: fields.name ?? `Enterprise ${randomBytes(3).toString("hex")}`,
    kind: fields.kind ?? "hub",
    ...(fields.isProducer === undefined ? {} : { isProducer: fields.isProducer }),
    ...(fields.sellsOwnProducts === undefined ? {} : { sellsOwnProducts: fields.sellsOwnProducts }),
    ...(fields.email === undefined ? {} : { email: fields.email }),
    ...(fields.locale === undefined ? {} : { locale: fields.locale }),
    timeZone: fields.timeZone ?? "Europe/Paris",
  });
  return { id: created.id, name: created.name, kind: created.kind };
}

/** `grantorOwner` (a manager of `grantorId`) grants `granteeId` these permissions, as POST /enterprises/:id/permissions does. */
export async function grant(grantorOwner: TestUser, grantorId: string, granteeId: string, permissions: string[]): Promise<void> {
  const actor = { userId: grantorOwner.id, enterpriseIds: await managedEnterpriseIds(grantorOwner.id) };
  await grantPermissions(actor, grantorId, { granteeId, permissions });
}
