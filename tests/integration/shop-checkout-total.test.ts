// The checkout shows the price the order will cost, every fee included (issue 13): the delivery
// fee of the chosen method is in the summary and on the button, and an order whose total moved
// since the page showed it is not placed.
import { eq } from "drizzle-orm";
import { putOutgoingExchange } from "#app/domain/order-cycles/commands.server";
import { setCartLine } from "#app/domain/shop/cart.server";
import { cartCookie } from "#app/http/cart-cookie.server";
import * as checkoutRoute from "#app/routes/shop.$distributorId_.checkout";
import { getDb } from "#db/connection.server";
import { orders, shippingMethods } from "#db/schema";
import { callRoute, json } from "#tests/support/http";
import { coopPlus, minuteFromNow, seedCycle, type CoopPlus } from "#tests/support/coop";

let w: CoopPlus;
let cycleId: string;
let deliveryId: string;
const pickupId = () => w.methods.distributor.shipping.id;

beforeAll(async () => {
  w = await coopPlus();
  const [delivery] = await getDb()
    .insert(shippingMethods)
    .values({ enterpriseId: w.distributor.id, name: "Home delivery", kind: "delivery", feeCents: 500 })
    .returning();
  deliveryId = delivery.id;
  cycleId = await seedCycle(w, { opensAt: minuteFromNow(-60), closesAt: minuteFromNow(60 * 24) });
  await putOutgoingExchange(w.actors.hub, cycleId, w.distributor.id, { tags: [], shippingMethodIds: [pickupId(), deliveryId] });
});

async function guestWithCart() {
  const { guestToken } = await setCartLine(w.distributor.id, { guestToken: null }, {}, { orderCycleId: cycleId, variantId: w.variants.a[0], quantity: 2 });
  return (await cartCookie().serialize(guestToken)).split(";")[0];
}

const path = () => `/shop/${w.distributor.id}/checkout`;
const params = () => ({ distributorId: w.distributor.id });

async function checkoutPage(cookie: string) {
  const response = await callRoute(checkoutRoute, { path: path(), params: params(), cookie });
  expect(response.status).toBe(200);
  return json<{ totalsByShippingMethod: Record<string, { totalCents: number; adjustments: { label: string; amountCents: number }[] }> }>(response);
}

function placeForm(shippingMethodId: string, expectedTotalCents: number, extra: Record<string, string> = {}) {
  return {
    email: "guest-total@example.test",
    name: "Guest",
    shippingMethodId,
    paymentMethodId: w.methods.distributor.payment.id,
    deliveryAddress: "3 Quai de Saône, Lyon",
    expectedTotalCents: String(expectedTotalCents),
    ...extra,
  };
}

describe("the checkout total", () => {
  test("with delivery chosen, the total shown includes the delivery fee and is what the placed order costs", async () => {
    const cookie = await guestWithCart();
    const { totalsByShippingMethod } = await checkoutPage(cookie);
    const pickup = totalsByShippingMethod[pickupId()];
    const delivery = totalsByShippingMethod[deliveryId];
    expect(delivery.totalCents).toBe(pickup.totalCents + 500);
    expect(delivery.adjustments).toContainEqual(expect.objectContaining({ label: "Home delivery", amountCents: 500 }));

    const placed = await callRoute(checkoutRoute, { method: "POST", path: path(), params: params(), cookie, form: placeForm(deliveryId, delivery.totalCents) });
    expect(placed.status).toBe(302);
    const orderId = new URL(placed.headers.get("Location")!, "http://localhost").pathname.split("/").pop()!;
    const [order] = await getDb().select().from(orders).where(eq(orders.id, orderId));
    expect(order.totalCents).toBe(delivery.totalCents);
  });

  test("an order whose total differs from the one shown is not placed, and the buyer is told the new total", async () => {
    const cookie = await guestWithCart();
    const { totalsByShippingMethod } = await checkoutPage(cookie);
    const before = await getDb().select({ id: orders.id }).from(orders).where(eq(orders.email, "guest-moved@example.test"));

    const refused = await callRoute(checkoutRoute, {
      method: "POST",
      path: path(),
      params: params(),
      cookie,
      form: placeForm(deliveryId, totalsByShippingMethod[pickupId()].totalCents, { email: "guest-moved@example.test" }),
    });
    expect(refused.status).toBe(409);
    const body = await json(refused);
    expect(body.formError).toContain((totalsByShippingMethod[deliveryId].totalCents / 100).toFixed(2));
    expect(body.values.shippingMethodId).toBe(deliveryId);
    expect(await getDb().select({ id: orders.id }).from(orders).where(eq(orders.email, "guest-moved@example.test"))).toEqual(before);
  });

  test("without JavaScript, asking for the total of a choice places nothing and brings the choice back", async () => {
    const cookie = await guestWithCart();
    const reviewed = await callRoute(checkoutRoute, {
      method: "POST",
      path: path(),
      params: params(),
      cookie,
      form: { ...placeForm(deliveryId, 0, { email: "guest-review@example.test" }), intent: "review" },
    });
    expect(reviewed.status).toBe(200);
    expect((await json(reviewed)).values).toMatchObject({ shippingMethodId: deliveryId, deliveryAddress: "3 Quai de Saône, Lyon" });
    expect(await getDb().select({ id: orders.id }).from(orders).where(eq(orders.email, "guest-review@example.test"))).toEqual([]);
  });
});
