// Who manages which enterprise, and invitations for people who have no account yet.
import { and, asc, eq, sql } from "drizzle-orm";
import { getDb, type Executor } from "#db/connection.server";
import { enterpriseManagers, managerInvitations, users } from "#db/schema";
import type { Actor } from "#app/domain/actor";
import { DomainError, invalidField } from "#app/domain/errors";
import { parseWith } from "#app/domain/validation";
import { queueManagerInvitation } from "#app/domain/notifications/manager-invitation.server";
import { enterpriseForActor } from "#app/domain/access/owned.server";
import { addManagerSchema } from "./schemas";

export async function managedEnterpriseIds(userId: string, db: Executor = getDb()): Promise<string[]> {
  const rows = await db.select({ enterpriseId: enterpriseManagers.enterpriseId }).from(enterpriseManagers).where(eq(enterpriseManagers.userId, userId));
  return rows.map((row) => row.enterpriseId);
}

/** Turns the invitations waiting for this email into management rights, at sign-up. */
export async function acceptPendingInvitations(tx: Executor, user: { id: string; email: string }) {
  const pending = await tx
    .delete(managerInvitations)
    .where(sql`lower(${managerInvitations.email}) = ${user.email.toLowerCase()}`)
    .returning({ enterpriseId: managerInvitations.enterpriseId });
  if (pending.length === 0) return;
  await tx
    .insert(enterpriseManagers)
    .values(pending.map((invitation) => ({ enterpriseId: invitation.enterpriseId, userId: user.id })))
    .onConflictDoNothing();
}

export type ManagerView = { userId: string; name: string; email: string; isOwner: boolean };
export type InvitationView = { id: string; email: string; invitedAt: Date };
export type ManagersOf = { managers: ManagerView[]; invitations: InvitationView[] };

/** Without an access check: callers have checked that the actor manages the enterprise. */
export async function managersOf(enterpriseId: string, ownerId: string, db: Executor = getDb()): Promise<ManagersOf> {
  const [managers, invitations] = await Promise.all([
    db
      .select({ userId: users.id, name: users.name, email: users.email })
      .from(enterpriseManagers)
      .innerJoin(users, eq(users.id, enterpriseManagers.userId))
      .where(eq(enterpriseManagers.enterpriseId, enterpriseId))
      .orderBy(asc(enterpriseManagers.createdAt), asc(users.name)),
    db
      .select({ id: managerInvitations.id, email: managerInvitations.email, invitedAt: managerInvitations.createdAt })
      .from(managerInvitations)
      .where(eq(managerInvitations.enterpriseId, enterpriseId))
      .orderBy(asc(managerInvitations.createdAt)),
  ]);
  return {
    managers: managers.map((manager) => ({ ...manager, isOwner: manager.userId === ownerId })).sort((a, b) => Number(b.isOwner) - Number(a.isOwner)),
    invitations,
  };
}

export async function listManagers(actor: Actor, enterpriseId: string): Promise<ManagersOf> {
  const { enterprise } = await enterpriseForActor(actor, enterpriseId, "administer");
  return managersOf(enterprise.id, enterprise.ownerId);
}

export type AddManagerResult =
  | { status: "added"; userId: string; email: string }
  | { status: "alreadyManager"; userId: string; email: string }
  | { status: "invited"; invitationId: string; email: string };

/**
 * A user with this email becomes a manager at once; an unknown email gets an invitation (and one
 * email, whatever the number of attempts) that signing up with that address accepts.
 */
export async function addManager(actor: Actor, enterpriseId: string, input: unknown): Promise<AddManagerResult> {
  const { enterprise } = await enterpriseForActor(actor, enterpriseId, "administer");
  const { email } = parseWith(addManagerSchema, input);
  return getDb().transaction(async (tx) => {
    const [user] = await tx
      .select({ id: users.id, email: users.email })
      .from(users)
      .where(sql`lower(${users.email}) = ${email}`)
      .limit(1);
    if (user) {
      const added = await tx
        .insert(enterpriseManagers)
        .values({ enterpriseId: enterprise.id, userId: user.id })
        .onConflictDoNothing()
        .returning({ userId: enterpriseManagers.userId });
      return { status: added.length ? "added" : "alreadyManager", userId: user.id, email: user.email } as const;
    }
    await tx.insert(managerInvitations).values({ enterpriseId: enterprise.id, email, invitedById: actor.userId }).onConflictDoNothing();
    const [invitation] = await tx
      .select({ id: managerInvitations.id })
      .from(managerInvitations)
      .where(and(eq(managerInvitations.enterpriseId, enterprise.id), sql`lower(${managerInvitations.email}) = ${email}`));
    const [inviter] = await tx.select({ name: users.name }).from(users).where(eq(users.id, actor.userId));
    await queueManagerInvitation(tx, {
      enterpriseId: enterprise.id,
      enterpriseName: enterprise.name,
      enterpriseEmail: enterprise.email,
      locale: enterprise.locale,
      inviterName: inviter?.name ?? "",
      email,
    });
    return { status: "invited", invitationId: invitation.id, email } as const;
  });
}

/** Not the owner, and never the last manager: an enterprise always has someone to run it. */
export async function removeManager(actor: Actor, enterpriseId: string, userId: string): Promise<void> {
  const { enterprise } = await enterpriseForActor(actor, enterpriseId, "administer");
  if (typeof userId !== "string" || userId.length === 0 || userId.length > 64) throw new DomainError("not_found");
  if (userId === enterprise.ownerId) throw invalidField("userId", "ownerStaysManager");
  await getDb().transaction(async (tx) => {
    // Lock the enterprise's manager rows so two removals at once cannot leave nobody.
    const rows = await tx
      .select({ userId: enterpriseManagers.userId })
      .from(enterpriseManagers)
      .where(eq(enterpriseManagers.enterpriseId, enterprise.id))
      .for("update");
    if (!rows.some((row) => row.userId === userId)) throw new DomainError("not_found");
    if (rows.length <= 1) throw invalidField("userId", "lastManager");
    await tx.delete(enterpriseManagers).where(and(eq(enterpriseManagers.enterpriseId, enterprise.id), eq(enterpriseManagers.userId, userId)));
  });
}

/** Withdraws an invitation that was not yet accepted. */
export async function cancelInvitation(actor: Actor, enterpriseId: string, invitationId: string): Promise<void> {
  const { enterprise } = await enterpriseForActor(actor, enterpriseId, "administer");
  if (typeof invitationId !== "string" || invitationId.length === 0 || invitationId.length > 64) throw new DomainError("not_found");
  const deleted = await getDb()
    .delete(managerInvitations)
    .where(and(eq(managerInvitations.enterpriseId, enterprise.id), eq(managerInvitations.id, invitationId)))
    .returning({ id: managerInvitations.id });
  if (deleted.length === 0) throw new DomainError("not_found");
}
