// A guest who types an account's email at checkout (issue 13) is offered to log in, as sign-up
// does, and nothing is placed until they choose: logged in, the order is the account's; as a
// guest, it stays off the account.
import { eq } from "drizzle-orm";
import { putOutgoingExchange } from "#app/domain/order-cycles/commands.server";
import { setCartLine } from "#app/domain/shop/cart.server";
import { ordersOfBuyer } from "#app/domain/orders/queries.server";
import { cartCookie } from "#app/http/cart-cookie.server";
import * as checkoutRoute from "#app/routes/shop.$distributorId_.checkout";
import { getDb } from "#db/connection.server";
import { orders } from "#db/schema";
import { callRoute, json } from "#tests/support/http";
import { coopPlus, minuteFromNow, seedCycle, sessionCookie, type CoopPlus } from "#tests/support/coop";
import { placeOrderApi } from "#tests/support/shop";
import { createUser } from "#tests/support/world";

let w: CoopPlus;
let cycleId: string;

beforeAll(async () => {
  w = await coopPlus();
  cycleId = await seedCycle(w, { opensAt: minuteFromNow(-60), closesAt: minuteFromNow(60 * 24) });
  await putOutgoingExchange(w.actors.hub, cycleId, w.distributor.id, { tags: [] });
});

async function guestCookie() {
  const { guestToken } = await setCartLine(w.distributor.id, { guestToken: null }, {}, { orderCycleId: cycleId, variantId: w.variants.a[0], quantity: 1 });
  return (await cartCookie().serialize(guestToken)).split(";")[0];
}

const checkout = (cookie: string, form: Record<string, string>) =>
  callRoute(checkoutRoute, {
    method: "POST",
    path: `/shop/${w.distributor.id}/checkout`,
    params: { distributorId: w.distributor.id },
    cookie,
    form: { name: "Someone", shippingMethodId: w.methods.distributor.shipping.id, paymentMethodId: w.methods.distributor.payment.id, ...form },
  });

const ordersFor = (email: string) => getDb().select().from(orders).where(eq(orders.email, email));

describe("a guest checking out with an account's email", () => {
  test("is asked to log in, whatever the case of the email, and nothing is placed", async () => {
    const member = await createUser({ name: "Member" });
    const cookie = await guestCookie();
    const refused = await checkout(cookie, { email: member.email.toUpperCase() });
    expect(refused.status).toBe(409);
    const body = await json(refused);
    expect(body.fieldErrorKeys.email).toBe("accountExists");
    expect(body.fieldErrors.email).toContain("Log in");
    expect(await ordersFor(member.email)).toEqual([]);
  });

  test("who orders as a guest gets the order placed, and it stays off the account", async () => {
    const member = await createUser({ name: "Member as guest" });
    const placed = await checkout(await guestCookie(), { email: member.email, asGuest: "yes" });
    expect(placed.status).toBe(302);
    const [order] = await ordersFor(member.email);
    expect(order).toMatchObject({ state: "placed", buyerId: null });
    expect(await ordersOfBuyer(member.id)).toEqual([]);
  });

  test("who logs in instead keeps the cart, and the order is the account's", async () => {
    const member = await createUser({ name: "Member logs in" });
    const cookie = `${await sessionCookie(member)}; ${await guestCookie()}`;
    expect((await callRoute(checkoutRoute, { path: `/shop/${w.distributor.id}/checkout`, params: { distributorId: w.distributor.id }, cookie })).status).toBe(
      200,
    );
    const placed = await checkout(cookie, {});
    expect(placed.status).toBe(302);
    const [order] = await ordersFor(member.email);
    expect(order.buyerId).toBe(member.id);
    expect((await ordersOfBuyer(member.id)).map((row) => row.id)).toEqual([order.id]);
  });

  test("through the API the same: 409 on the email, placed with asGuest", async () => {
    const member = await createUser({ name: "API member" });
    const body = {
      distributorId: w.distributor.id,
      orderCycleId: cycleId,
      shippingMethodId: w.methods.distributor.shipping.id,
      paymentMethodId: w.methods.distributor.payment.id,
      email: member.email,
      lines: [{ variantId: w.variants.a[1], quantity: 1 }],
    };
    const refused = await placeOrderApi(body);
    expect(refused.status).toBe(409);
    expect(refused.body.error).toMatchObject({ code: "email_taken", fields: { email: expect.stringContaining("Log in") } });
    const placed = await placeOrderApi({ ...body, asGuest: true });
    expect(placed.status).toBe(201);
    expect(await ordersOfBuyer(member.id)).toEqual([]);
  });
});
