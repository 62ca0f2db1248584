// Loads an enterprise together with what the caller may do to it: the one place commands and
// pages ask "does it exist, and may I change it?" (enterprises are visible to any signed-in user,
// so an existing one answers 403 when refused and a missing one 404).
import { eq } from "drizzle-orm";
import { getDb, type Executor } from "#db/connection.server";
import { enterprises } from "#db/schema";
import type { Actor } from "#app/domain/actor";
import { loadAccessContext } from "#app/domain/access/context.server";
import { accessTo } from "#app/domain/access/enterprise-rules";
import { DomainError } from "#app/domain/errors";

export type EnterpriseRow = typeof enterprises.$inferSelect;

export async function findEnterprise(enterpriseId: string, db: Executor = getDb()): Promise<EnterpriseRow | undefined> {
  if (typeof enterpriseId !== "string" || enterpriseId.length === 0 || enterpriseId.length > 64) return undefined;
  const [row] = await db.select().from(enterprises).where(eq(enterprises.id, enterpriseId)).limit(1);
  return row;
}

/** The enterprise and the caller's rights over it; 404 when it does not exist. */
export async function enterpriseForCaller(actor: Actor, enterpriseId: string, db: Executor = getDb()) {
  const enterprise = await findEnterprise(enterpriseId, db);
  if (!enterprise) throw new DomainError("not_found");
  const context = await loadAccessContext(actor, db);
  return { enterprise, context, access: accessTo(context, enterprise.id) };
}
