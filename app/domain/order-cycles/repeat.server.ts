// Repeat a cycle every N weeks or every month (docs/domain.md 15): copies linked in a series, each
// the clone of this cycle shifted in the coordinator's wall-clock time, its ready-on dates with it.
// The cycle's row is locked, and each copy holds its place in the series by a unique index, so
// repeating twice, or from two cycles of the series at once, never makes an index twice.
import { randomUUID } from "node:crypto";
import { eq, sql } from "drizzle-orm";
import { getDb } from "#db/connection.server";
import { enterprises, orderCycles } from "#db/schema";
import type { Actor } from "#app/domain/actor";
import { cycleForActor } from "#app/domain/access/cycle.server";
import { canCloneOrDelete } from "#app/domain/access/cycle-rules";
import { DomainError, invalidField } from "#app/domain/errors";
import { parseWith } from "#app/domain/validation";
import { scheduleCycleClose } from "#app/domain/notifications/schedule.server";
import { formatDate } from "#app/i18n/format";
import { defaultLocale, type Locale } from "#app/i18n/config";
import { translator } from "#app/i18n/resources.server";
import { clonePlan } from "./clone";
import { writeCopy } from "./copy.server";
import { loadFacts } from "./load.server";
import { planRepeats, repeatSchema, shiftDay, type PlannedRepeat } from "./repeat";

export type RepeatResult = {
  dryRun: boolean;
  /** What was made (or, in a dry run, would be): each copy's place in the series and dates; `id` once made. */
  items: (PlannedRepeat & { id?: string; name: string })[];
  /** Indexes of the series that already had a cycle, so were left as they are. */
  skippedIndexes: number[];
};

export async function repeatOrderCycle(actor: Actor, cycleId: string, input: unknown, locale: Locale = defaultLocale, now = new Date()): Promise<RepeatResult> {
  const data = parseWith(repeatSchema, input);
  return getDb().transaction(async (tx) => {
    const { cycle, roles } = await cycleForActor(actor, cycleId, { db: tx, lock: true });
    if (!canCloneOrDelete(roles)) throw new DomainError("forbidden");
    if (!cycle.opensAt) throw invalidField("opensAt", "repeatNeedsDates");
    if (!cycle.closesAt) throw invalidField("closesAt", "repeatNeedsDates");
    const [series] = await tx
      .select({ seriesId: orderCycles.seriesId, seriesIndex: orderCycles.seriesIndex, timeZone: enterprises.timeZone })
      .from(orderCycles)
      .innerJoin(enterprises, eq(enterprises.id, orderCycles.coordinatorId))
      .where(eq(orderCycles.id, cycle.id));
    const fromIndex = series.seriesIndex ?? 0;
    const taken = series.seriesId
      ? new Set(
          (
            await tx.execute<{ index: number }>(
              sql`select series_index as index from order_cycles where series_id = ${series.seriesId} and series_index is not null`,
            )
          ).map((row) => Number(row.index)),
        )
      : new Set<number>();
    const planned = planRepeats({ opensAt: cycle.opensAt, closesAt: cycle.closesAt }, data.every, data.count, series.timeZone, fromIndex, taken);
    const skippedIndexes = Array.from({ length: data.count }, (_, step) => fromIndex + step + 1).filter((index) => taken.has(index));
    const t = translator(locale, "cycles");
    const named = planned.map((copy) => ({
      ...copy,
      name: t("repeat.copyName", { name: cycle.name, date: formatDate(copy.opensAt, series.timeZone, locale) }),
    }));
    if (data.dryRun) return { dryRun: true, items: named, skippedIndexes };

    const seriesId = series.seriesId ?? randomUUID();
    if (!series.seriesId) await tx.update(orderCycles).set({ seriesId, seriesIndex: 0 }).where(eq(orderCycles.id, cycle.id));
    const plan = clonePlan(cycle, await loadFacts(cycle, {}, tx));
    const readyOnOf = new Map(cycle.outgoing.map((exchange) => [exchange.distributorId, exchange.readyOn]));
    const items: RepeatResult["items"] = [];
    for (const copy of named) {
      const steps = copy.index - fromIndex;
      const every = data.every;
      const shifted = {
        ...plan,
        outgoing: plan.outgoing.map((exchange) => {
          const readyOn = readyOnOf.get(exchange.distributorId);
          return { ...exchange, readyOn: readyOn ? shiftDay(readyOn, every, steps) : null };
        }),
      };
      const id = await writeCopy(
        tx,
        actor.userId,
        cycle,
        shifted,
        { name: copy.name, opensAt: copy.opensAt, closesAt: copy.closesAt, seriesId, seriesIndex: copy.index },
        { action: "repeated_from", details: { index: copy.index, every } },
      );
      if (!id) {
        skippedIndexes.push(copy.index);
        continue;
      }
      await scheduleCycleClose(tx, id, copy.closesAt, now);
      items.push({ ...copy, id });
    }
    return { dryRun: false, items, skippedIndexes: skippedIndexes.sort((a, b) => a - b) };
  });
}
