// Each supplier's notice for a cycle: the generation of its latest full notification (its link's
// revocation counter, decision 0035) and the snapshot of what it was last told to bring.
import { sql } from "drizzle-orm";
import type { Executor } from "#db/connection.server";
import { supplierNotices, type SupplierSnapshot } from "#db/schema";

/** A full notification was queued for these suppliers: one generation more each, and what they were told. Returns each supplier's generation. */
export async function renewSupplierNotices(
  tx: Executor,
  cycleId: string,
  told: readonly { supplierId: string; snapshot: SupplierSnapshot }[],
  now: Date,
): Promise<Map<string, number>> {
  if (told.length === 0) return new Map();
  const rows = await tx
    .insert(supplierNotices)
    .values(told.map((row) => ({ orderCycleId: cycleId, supplierId: row.supplierId, generation: 1, notifiedAt: now, snapshot: row.snapshot, snapshotAt: now })))
    .onConflictDoUpdate({
      target: [supplierNotices.orderCycleId, supplierNotices.supplierId],
      set: {
        generation: sql`${supplierNotices.generation} + 1`,
        notifiedAt: sql`excluded.notified_at`,
        snapshot: sql`excluded.snapshot`,
        snapshotAt: sql`excluded.snapshot_at`,
      },
    })
    .returning({ supplierId: supplierNotices.supplierId, generation: supplierNotices.generation });
  return new Map(rows.map((row) => [row.supplierId, row.generation]));
}

export type SupplierNotice = { generation: number; notifiedAt: Date; snapshot: SupplierSnapshot; snapshotAt: Date };

/** The supplier's notice, locked until the caller's transaction ends (confirmations and amendments of one supplier take turns). */
export async function lockSupplierNotice(tx: Executor, cycleId: string, supplierId: string): Promise<SupplierNotice | undefined> {
  const [row] = await tx.execute<{ generation: number; notified_at: Date | string; snapshot: SupplierSnapshot; snapshot_at: Date | string }>(sql`
    select generation, notified_at, snapshot, snapshot_at from ${supplierNotices}
    where order_cycle_id = ${cycleId} and supplier_id = ${supplierId}
    for update`);
  if (!row) return undefined;
  return { generation: Number(row.generation), notifiedAt: new Date(row.notified_at), snapshot: row.snapshot, snapshotAt: new Date(row.snapshot_at) };
}

/** What the supplier was last told, after an amendment was queued. */
export async function storeSupplierSnapshot(tx: Executor, cycleId: string, supplierId: string, snapshot: SupplierSnapshot, now: Date): Promise<void> {
  await tx.execute(sql`update ${supplierNotices} set snapshot = ${JSON.stringify(snapshot)}::jsonb, snapshot_at = ${now.toISOString()}
    where order_cycle_id = ${cycleId} and supplier_id = ${supplierId}`);
}
