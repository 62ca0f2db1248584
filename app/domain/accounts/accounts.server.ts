// Accounts: sign up, check credentials (rate-limited, without revealing which emails exist), settings.
import { eq, sql } from "drizzle-orm";
import { z } from "zod";
import { getDb, type Executor } from "#db/connection.server";
import { users } from "#db/schema";
import { hashPassword, verifyAgainstNothing, verifyPassword } from "#app/auth/passwords.server";
import { assertUnderLimit, clearHits, loginFailureLimit, recordHit, signupLimit } from "#app/auth/rate-limit.server";
import type { Actor } from "#app/domain/actor";
import { DomainError } from "#app/domain/errors";
import { parseWith } from "#app/domain/validation";
import { locales } from "#app/i18n/config";
import { acceptPendingInvitations } from "#app/domain/enterprises/managers.server";

export const signUpSchema = z.object({
  email: z.string().trim().toLowerCase().max(254).pipe(z.email()),
  password: z.string().min(10).max(200),
  name: z.string().trim().min(1).max(120),
  locale: z.enum(locales).optional(),
});

export const logInSchema = z.object({
  email: z.string().trim().toLowerCase().min(1).max(254),
  password: z.string().min(1).max(200),
});

export type PublicUser = { id: string; email: string; name: string; locale: string | null };

/** In the caller's transaction when given one: a transaction that waited on a second connection could starve the pool. */
export async function findUserByEmail(email: string, db: Executor = getDb()) {
  const [user] = await db
    .select()
    .from(users)
    .where(sql`lower(${users.email}) = ${email.trim().toLowerCase()}`);
  return user;
}

export async function signUp(input: unknown, clientAddress: string): Promise<PublicUser> {
  const data = parseWith(signUpSchema, input);
  await assertUnderLimit(signupLimit(), clientAddress);
  if (await findUserByEmail(data.email)) {
    // A refused sign-up counts too: otherwise the form would be a free oracle of which emails exist.
    await recordHit(signupLimit(), clientAddress);
    throw new DomainError("email_taken", { email: { key: "emailTaken" } });
  }
  const passwordHash = await hashPassword(data.password);
  const user = await getDb().transaction(async (tx) => {
    const [created] = await tx
      .insert(users)
      .values({ email: data.email, name: data.name, passwordHash, locale: data.locale ?? null })
      .onConflictDoNothing()
      .returning({ id: users.id, email: users.email, name: users.name, locale: users.locale });
    if (!created) throw new DomainError("email_taken", { email: { key: "emailTaken" } });
    await acceptPendingInvitations(tx, created);
    return created;
  });
  await recordHit(signupLimit(), clientAddress);
  return user;
}

/** The user for these credentials; the same error and the same time for an unknown email and a wrong password. */
export async function checkCredentials(input: unknown, clientAddress: string): Promise<PublicUser> {
  const data = parseWith(logInSchema, input);
  await assertUnderLimit(loginFailureLimit("ip"), clientAddress);
  await assertUnderLimit(loginFailureLimit("email"), data.email);
  const user = await findUserByEmail(data.email);
  const valid = user ? await verifyPassword(user.passwordHash, data.password) : await verifyAgainstNothing(data.password);
  if (!user || !valid) {
    await recordHit(loginFailureLimit("ip"), clientAddress);
    await recordHit(loginFailureLimit("email"), data.email);
    throw new DomainError("invalid_credentials");
  }
  await clearHits(loginFailureLimit("email"), data.email);
  return { id: user.id, email: user.email, name: user.name, locale: user.locale };
}

export const profileSchema = z.object({
  name: z.string().trim().min(1).max(120),
  locale: z.enum(locales),
});

/** The signed-in user changes their own name and language. */
export async function updateProfile(actor: Actor, input: unknown): Promise<PublicUser> {
  const data = parseWith(profileSchema, input);
  const [updated] = await getDb()
    .update(users)
    .set({ name: data.name, locale: data.locale })
    .where(eq(users.id, actor.userId))
    .returning({ id: users.id, email: users.email, name: users.name, locale: users.locale });
  if (!updated) throw new DomainError("not_found");
  return updated;
}

export async function setUserLocale(userId: string, locale: string) {
  if (!(locales as readonly string[]).includes(locale)) throw new DomainError("validation_failed", { locale: { key: "invalidChoice" } });
  await getDb().update(users).set({ locale }).where(eq(users.id, userId));
}
