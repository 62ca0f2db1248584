// docs/quality.md P1, "stock is fresh": the shop's product answer may keep names, prices and fee
// breakdowns for a moment, but the number available is read on every request. A buyer or an ERP
// that places or cancels an order and reads the products straight after sees the new stock.
import { putOutgoingExchange } from "#app/domain/order-cycles/commands.server";
import { coopPlus, minuteFromNow, seedCycle, type CoopPlus } from "#tests/support/coop";
import * as productsRoute from "#app/routes/api.v1.shops.$distributorId.order-cycles.$cycleId.products";
import { callRoute, json } from "#tests/support/http";
import { cancelOrderApi, placeOrderApi, setStock, type ShopProductJson, type Who } from "#tests/support/shop";
import { createUser } from "#tests/support/world";

let w: CoopPlus;
let cycleId: string;

beforeAll(async () => {
  w = await coopPlus();
  cycleId = await seedCycle(w, { name: "Fresh stock", opensAt: minuteFromNow(-60), closesAt: minuteFromNow(120) });
  await putOutgoingExchange(w.actors.hub, cycleId, w.distributor.id, { tags: [] });
});

const river = () => ({
  distributorId: w.distributor.id,
  orderCycleId: cycleId,
  shippingMethodId: w.methods.distributor.shipping.id,
  paymentMethodId: w.methods.distributor.payment.id,
});

async function availableOf(variantId: string, who: Who): Promise<number | null | undefined> {
  // Straight through the route, keeping whatever the shop keeps (the test helper forgets it).
  const distributorId = w.distributor.id;
  const response = await callRoute(productsRoute, {
    path: `/api/v1/shops/${distributorId}/order-cycles/${cycleId}/products`,
    params: { distributorId, cycleId },
    ...who,
  });
  expect(response.status).toBe(200);
  const body = (await json(response)) as { items: ShopProductJson[] };
  return body.items.find((item) => item.variantId === variantId)?.available;
}

describe("the number available in the shop's products", () => {
  test.each([
    ["a visitor without a cookie or token", async (): Promise<Who> => ({})],
    ["an integration with a bearer token", async (): Promise<Who> => ({ token: (await createUser({ name: "ERP" })).token })],
  ])("is read fresh for %s, straight after an order and a cancellation", async (_who, whoFor) => {
    const who = await whoFor();
    const variantId = w.variants.a[0];
    await setStock(variantId, 10);
    // Read twice first, so a kept answer exists.
    expect(await availableOf(variantId, who)).toBe(10);
    expect(await availableOf(variantId, who)).toBe(10);

    const buyer = await createUser({ name: "Quick buyer" });
    const placed = await placeOrderApi({ ...river(), lines: [{ variantId, quantity: 3 }] }, { token: buyer.token });
    expect(placed.status).toBe(201);
    expect(await availableOf(variantId, who)).toBe(7);

    expect((await cancelOrderApi(placed.body.id, { token: buyer.token })).status).toBe(200);
    expect(await availableOf(variantId, who)).toBe(10);
  });

  test("a variant that sold out since the answer was kept is no longer offered", async () => {
    const variantId = w.variants.a[1];
    await setStock(variantId, 2);
    expect(await availableOf(variantId, {})).toBe(2);
    const placed = await placeOrderApi({ ...river(), email: "last-two@example.org", lines: [{ variantId, quantity: 2 }] });
    expect(placed.status).toBe(201);
    expect(await availableOf(variantId, {})).toBeUndefined();
  });
});
