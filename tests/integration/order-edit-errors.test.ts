// Changing an order's quantities on its page (issue 13): −2, 1.5, 9999 and more than the stock are
// each refused at that product's quantity field, saying why (for stock, how many are left), and the
// order stays as it was.
import * as orderPage from "#app/routes/orders.$orderId";
import { putOutgoingExchange } from "#app/domain/order-cycles/commands.server";
import { coopPlus, minuteFromNow, seedCycle, sessionCookie, type CoopPlus } from "#tests/support/coop";
import { callRoute, json } from "#tests/support/http";
import { ordersOfCycle, placeOrderApi, setStock } from "#tests/support/shop";
import { createUser, type TestUser } from "#tests/support/world";

let w: CoopPlus;
let cycleId: string;
let buyer: TestUser;
let orderId: string;
let carrots: string;

beforeAll(async () => {
  w = await coopPlus();
  cycleId = await seedCycle(w, { name: "Edit week", opensAt: minuteFromNow(-60), closesAt: minuteFromNow(120) });
  await putOutgoingExchange(w.actors.hub, cycleId, w.distributor.id, { tags: [] });
  carrots = w.variants.a[0];
  await setStock(carrots, 7);
  buyer = await createUser({ name: "Bea Buyer" });
  const placed = await placeOrderApi(
    {
      distributorId: w.distributor.id,
      orderCycleId: cycleId,
      shippingMethodId: w.methods.distributor.shipping.id,
      paymentMethodId: w.methods.distributor.payment.id,
      lines: [{ variantId: carrots, quantity: 2 }],
    },
    { token: buyer.token },
  );
  orderId = placed.body.id;
});

async function change(quantity: string) {
  const response = await callRoute(orderPage, {
    path: `/orders/${orderId}`,
    params: { orderId },
    cookie: await sessionCookie(buyer),
    form: { [`qty:${carrots}`]: quantity },
  });
  return { status: response.status, body: await json(response) };
}

describe("a refused quantity", () => {
  it.each([
    ["-2", 422, "at least 0"],
    ["1.5", 422, "whole number"],
    ["9999", 422, "at most 999"],
  ])("%s is refused at that product's field, saying why", async (quantity, status, why) => {
    const { status: got, body } = await change(quantity);
    expect(got).toBe(status);
    expect(Object.keys(body.fieldErrors)).toEqual([`qty:${carrots}`]);
    expect(body.fieldErrors[`qty:${carrots}`]).toContain(why);
    expect(body.values[`qty:${carrots}`]).toBe(quantity);
  });

  it("more than the stock says how many are left, and the order keeps its 2", async () => {
    const { status, body } = await change("12");
    expect(status).toBe(409);
    expect(Object.keys(body.fieldErrors)).toEqual([`qty:${carrots}`]);
    // 5 on the shelf after this order took 2 of the 7: the buyer may have up to 7.
    expect(body.fieldErrors[`qty:${carrots}`]).toContain("Only 7 left");
    const [order] = (await ordersOfCycle(cycleId)).filter((row) => row.id === orderId);
    expect(order.quantity).toBe(2);
  });
});
