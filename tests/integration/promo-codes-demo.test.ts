// The demo shows promo codes to a newcomer (decision 0051): the hub's REDUC10 on the open weekly
// cycle, with a couple of uses, each order holding it as a discount line.
import { eq } from "drizzle-orm";
import { seedDemoIfEmpty } from "#db/seed";
import { getDb } from "#db/connection.server";
import { orders, promoCodes } from "#db/schema";

test("the demo has REDUC10 (10 %, 30 uses) on the weekly cycle, used by two orders", async () => {
  await seedDemoIfEmpty();
  const [code] = await getDb().select().from(promoCodes).where(eq(promoCodes.code, "REDUC10"));
  expect(code).toMatchObject({ kind: "percent", percentBasisPoints: 1000, maxUses: 30, uses: 2 });
  const held = await getDb().select().from(orders).where(eq(orders.promoCodeId, code.id));
  expect(held).toHaveLength(2);
  for (const order of held) expect(order.totalCents).toBe(order.itemsTotalCents + order.feesTotalCents - order.discountCents);
}, 120_000);
