// Who manages which enterprise, and invitations for people who have no account yet.
import { eq, sql } from "drizzle-orm";
import { getDb, type Executor } from "#db/connection.server";
import { enterpriseManagers, managerInvitations } from "#db/schema";

export async function managedEnterpriseIds(userId: string, db: Executor = getDb()): Promise<string[]> {
  const rows = await db
    .select({ enterpriseId: enterpriseManagers.enterpriseId })
    .from(enterpriseManagers)
    .where(eq(enterpriseManagers.userId, userId));
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
