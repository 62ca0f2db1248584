// The home page lists shops open to everyone now: not those whose open cycles are tagged, closed or
// upcoming, nor those where nobody could check out (the shop page's own rule, isOfferedToBuyer).
import { beforeAll, describe, expect, it } from "vitest";
import { and, eq, inArray, isNull } from "drizzle-orm";
import { putOutgoingExchange } from "#app/domain/order-cycles/commands.server";
import { getDb } from "#db/connection.server";
import { paymentMethods } from "#db/schema";
import * as home from "#app/routes/_index";
import { callRoute, json } from "#tests/support/http";
import { coopPlus, minuteFromNow, seedCycle, type CoopPlus } from "#tests/support/coop";
import { shopCycleIds } from "#tests/support/shop";
import { setEnv } from "#tests/support/settings";

const savedStripeKey = process.env.STRIPE_SECRET_KEY;

let w: CoopPlus;
let closesAt: Date;

beforeAll(async () => {
  w = await coopPlus();
  closesAt = minuteFromNow(120);
  const open = await seedCycle(w, { name: "Open now", opensAt: minuteFromNow(-60), closesAt });
  await putOutgoingExchange(w.actors.hub, open, w.distributor.id, { tags: [] }); // River: open to all; Lake stays tagged
  const upcoming = await seedCycle(w, { name: "Next week" });
  await putOutgoingExchange(w.actors.hub, upcoming, w.lake.id, { tags: [] });
});

describe("shops open now", () => {
  it("lists distributors with an untagged open cycle, with when it closes", async () => {
    const body = await json(await callRoute(home, { path: "/" }));
    expect(body.shops.map((shop: { name: string }) => shop.name)).toEqual(["River Co-op"]);
    expect(body.shops[0]).toMatchObject({ id: w.distributor.id, openCycles: 1 });
    expect(body.shops[0].closesAt).toBe(closesAt.toISOString());
  });

  it("leaves out shops whose only open cycle belongs to a coordinator without a payment method", async () => {
    const archived = await getDb()
      .update(paymentMethods)
      .set({ archivedAt: new Date() })
      .where(and(eq(paymentMethods.enterpriseId, w.hub.id), isNull(paymentMethods.archivedAt)))
      .returning({ id: paymentMethods.id });
    try {
      expect((await json(await callRoute(home, { path: "/" }))).shops).toEqual([]);
    } finally {
      await getDb()
        .update(paymentMethods)
        .set({ archivedAt: null })
        .where(
          inArray(
            paymentMethods.id,
            archived.map((row) => row.id),
          ),
        );
    }
  });

  it("lists a shop exactly when its shop page offers a cycle: none without a shipping method, nor with only card payment while Stripe is off", async () => {
    const listed = async () => ((await json(await callRoute(home, { path: "/" }))).shops as { id: string }[]).map((shop) => shop.id);
    const agree = async (expected: boolean) => {
      const onHome = (await listed()).includes(w.lake.id);
      const onShopPage = (await shopCycleIds(w.lake.id)).length > 0;
      expect([onHome, onShopPage]).toEqual([expected, expected]);
    };
    const cycleId = await seedCycle(w, { name: "Lake open", opensAt: minuteFromNow(-30), closesAt: minuteFromNow(90) });
    await putOutgoingExchange(w.actors.hub, cycleId, w.lake.id, { tags: [] });
    await agree(true);

    await putOutgoingExchange(w.actors.hub, cycleId, w.lake.id, { shippingMethodIds: [] });
    await agree(false);

    const [card] = await getDb().insert(paymentMethods).values({ enterpriseId: w.lake.id, name: "Card", kind: "stripe" }).returning();
    setEnv({ STRIPE_SECRET_KEY: "sk_test_directory" });
    await putOutgoingExchange(w.actors.hub, cycleId, w.lake.id, { shippingMethodIds: [w.methods.lake[0].shipping.id], paymentMethodIds: [card.id] });
    await agree(true);
    setEnv({ STRIPE_SECRET_KEY: undefined });
    await agree(false);
    setEnv({ STRIPE_SECRET_KEY: savedStripeKey });
  });
});
