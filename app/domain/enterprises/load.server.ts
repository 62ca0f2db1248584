// Reads an enterprise's row; who may do what with it is access/owned.server's enterpriseForActor.
import { eq } from "drizzle-orm";
import { getDb, type Executor } from "#db/connection.server";
import { enterprises } from "#db/schema";

export type EnterpriseRow = typeof enterprises.$inferSelect;

export async function findEnterprise(enterpriseId: string, db: Executor = getDb()): Promise<EnterpriseRow | undefined> {
  if (typeof enterpriseId !== "string" || enterpriseId.length === 0 || enterpriseId.length > 64) return undefined;
  const [row] = await db.select().from(enterprises).where(eq(enterprises.id, enterpriseId)).limit(1);
  return row;
}
