// Tells other systems a cycle has opened (`order_cycle.opened`, docs/domain.md 14): a cycle opens by
// the clock, not by a request, so the worker's minute sweep finds the cycles whose opening has come
// and not been told, each once per opening (an opening moved later is told again). In the same
// transaction, the distributors that announce open cycles queue their customers' emails (decision 0053).
import { sql } from "drizzle-orm";
import { getDb } from "#db/connection.server";
import { queueOpeningAnnouncements } from "#app/domain/marketing/announcements.server";
import { emitCycleEvent } from "./events.server";

const BATCH = 100;

/** Announces every cycle opened by `now` and not yet announced for that opening; returns their ids. */
export async function announceOpenedCycles(now = new Date()): Promise<string[]> {
  const announced: string[] = [];
  for (;;) {
    const batch = await getDb().transaction(async (tx) => {
      const due = await tx.execute<{ id: string }>(sql`
        select id from order_cycles
        where opens_at is not null and opens_at <= ${now.toISOString()} and (closes_at is null or closes_at > ${now.toISOString()})
          and (announced_opens_at is null or opens_at > announced_opens_at)
        order by opens_at, id
        limit ${BATCH}
        for update skip locked`);
      for (const row of due) {
        await emitCycleEvent(tx, "order_cycle.opened", row.id, now);
        await queueOpeningAnnouncements(tx, row.id, now);
        await tx.execute(sql`update order_cycles set announced_opens_at = opens_at where id = ${row.id}`);
      }
      return due.map((row) => row.id);
    });
    announced.push(...batch);
    if (batch.length < BATCH) return announced;
  }
}
