// Read models of enterprises for the admin: the ones a caller manages or works with.
import { asc, inArray } from "drizzle-orm";
import { getDb } from "#db/connection.server";
import { enterprises } from "#db/schema";
import type { Actor } from "#app/domain/actor";
import { loadAccessContext } from "#app/domain/access/context.server";
import { adminVisibleEnterpriseIds } from "#app/domain/access/enterprise-rules";

export type EnterpriseSummary = {
  id: string;
  name: string;
  kind: "producer" | "hub" | "profile";
  isProducer: boolean;
  sellsOwnProducts: boolean;
  managed: boolean;
};

/** Enterprises the caller manages, then those that granted them a permission. */
export async function enterprisesForAdmin(actor: Actor): Promise<EnterpriseSummary[]> {
  const context = await loadAccessContext(actor);
  const ids = adminVisibleEnterpriseIds(context);
  if (ids.length === 0) return [];
  const rows = await getDb()
    .select({
      id: enterprises.id,
      name: enterprises.name,
      kind: enterprises.kind,
      isProducer: enterprises.isProducer,
      sellsOwnProducts: enterprises.sellsOwnProducts,
    })
    .from(enterprises)
    .where(inArray(enterprises.id, ids))
    .orderBy(asc(enterprises.name));
  return rows
    .map((row) => ({ ...row, kind: row.kind as EnterpriseSummary["kind"], managed: context.managed.has(row.id) }))
    .sort((a, b) => Number(b.managed) - Number(a.managed));
}
