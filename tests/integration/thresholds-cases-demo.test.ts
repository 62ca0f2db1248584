// The demo shows a minimum counted in cases to a newcomer (decision 0059): Hillside Dairy's delivery
// to the restaurants' cycle, two cases short of what is ordered.
import { and, eq } from "drizzle-orm";
import { seedDemoIfEmpty } from "#db/seed";
import { getDb } from "#db/connection.server";
import { orderCycles, orderCycleThresholds } from "#db/schema";
import { thresholdsOfCycles } from "#app/domain/thresholds/queries.server";

test("the restaurants' cycle has Hillside Dairy's minimum in cases, two short", async () => {
  await seedDemoIfEmpty();
  const [pro] = await getDb().select({ id: orderCycles.id }).from(orderCycles).where(eq(orderCycles.name, "Restaurants (pro)"));
  const rows = await getDb()
    .select({ id: orderCycleThresholds.id })
    .from(orderCycleThresholds)
    .where(and(eq(orderCycleThresholds.orderCycleId, pro.id), eq(orderCycleThresholds.measure, "cases")));
  expect(rows).toHaveLength(1);
  const [view] = (await thresholdsOfCycles([pro.id])).filter((threshold) => threshold.id === rows[0].id);
  expect(view).toMatchObject({ scope: "supplier", label: "Hillside Dairy", measure: "cases", reached: false, remaining: 2 });
}, 120_000);
