// A close time PostgreSQL holds to the microsecond (written in SQL, as the R8 process test and an
// operator's fix do) is processed once: the processed mark must equal it, not a millisecond Date
// read from it, or the cycle stays due and the close sweep processes it again without end.
import { eq, sql } from "drizzle-orm";
import { hasDueCycles, processDueCycles } from "#app/domain/notifications/closing.server";
import { migrateJobQueue } from "#app/jobs/queue.server";
import { getDb } from "#db/connection.server";
import { orderCycles } from "#db/schema";
import { insertLargeCycle } from "#tests/support/coop";

beforeAll(async () => {
  await migrateJobQueue(process.env.DATABASE_URL!);
});

test("a close with microseconds is processed once, and the cycle is no longer due", async () => {
  const big = await insertLargeCycle({ suppliers: 2, variantsEach: 1, distributors: 1 });
  await getDb()
    .update(orderCycles)
    .set({
      automaticNotifications: true,
      opensAt: sql`now() - interval '2 hours'`,
      closesAt: sql`date_trunc('second', now()) - interval '1 minute' + interval '0.000123 seconds'`,
    })
    .where(eq(orderCycles.id, big.cycleId));

  let timer: NodeJS.Timeout | undefined;
  const tooLong = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error("processDueCycles is still processing the same close after 10 s")), 10_000);
  });
  try {
    expect(await Promise.race([processDueCycles(), tooLong])).toEqual([big.cycleId]);
  } finally {
    clearTimeout(timer);
  }
  const [row] = await getDb().execute<{ same: boolean }>(sql`select processed_closes_at = closes_at as same from order_cycles where id = ${big.cycleId}`);
  expect(row.same).toBe(true);
  expect(await hasDueCycles()).toBe(false);
});
