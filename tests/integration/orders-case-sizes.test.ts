// Case sizes (docs/domain.md 15, decision 0056): a variant sold by the case of 6 is ordered 6, 12,
// 18… units at a time. The cart, the checkout page, POST /orders (the buyer's and an order entered
// for a customer) and the buyer's own changes refuse anything else at the quantity, in the buyer's
// language, and write nothing; the hub's adjustments may record a broken case (a producer short by
// one unit). The shop offers whole cases of the stock, and the variant editor sets and clears the size.
import { eq, sql } from "drizzle-orm";
import { putOutgoingExchange } from "#app/domain/order-cycles/commands.server";
import { cartView } from "#app/domain/shop/cart.server";
import * as shopRoute from "#app/routes/shop.$distributorId";
import * as checkoutRoute from "#app/routes/shop.$distributorId_.checkout";
import * as orderPageRoute from "#app/routes/orders.$orderId";
import * as productPageRoute from "#app/routes/admin.enterprises.$enterpriseId.products.$productId";
import * as variantRoute from "#app/routes/api.v1.variants.$variantId";
import * as orderRoute from "#app/routes/api.v1.orders.$orderId";
import { getDb } from "#db/connection.server";
import { orderChanges, orderLines, variants } from "#db/schema";
import { coopPlus, minuteFromNow, sessionCookie, seedCycle, type CoopPlus } from "#tests/support/coop";
import { callRoute, json } from "#tests/support/http";
import { changeOrderApi, placeOrderApi, setStock, shopProductsPage, stockOf } from "#tests/support/shop";
import { createUser, type TestUser } from "#tests/support/world";

let w: CoopPlus;
let cycleId: string;
/** Carrots 1 kg, sold by the case of 6 from the first test on. */
let crate: string;
/** Carrots 3 kg, sold singly. */
let single: string;

beforeAll(async () => {
  w = await coopPlus();
  cycleId = await seedCycle(w, { name: "Case week", opensAt: minuteFromNow(-60), closesAt: minuteFromNow(120) });
  await putOutgoingExchange(w.actors.hub, cycleId, w.distributor.id, { tags: [] });
  [crate, single] = [w.variants.a[0], w.variants.a[1]];
  await setStock(crate, 100);
  await setStock(single, 100);
  const set = await callRoute(variantRoute, {
    method: "PATCH",
    path: `/api/v1/variants/${crate}`,
    params: { variantId: crate },
    token: w.people.supplierA.token,
    body: { unitsPerCase: 6 },
  });
  expect(set.status).toBe(200);
  expect((await json(set)).unitsPerCase).toBe(6);
});

const shop = () => ({ path: `/shop/${w.distributor.id}`, params: { distributorId: w.distributor.id } });

async function addToCart(cookie: string, variantId: string, quantity: number, headers: Record<string, string> = {}) {
  return callRoute(shopRoute, { ...shop(), cookie, headers, form: { orderCycleId: cycleId, variantId, quantity: String(quantity) } });
}

const apiOrder = (lines: { variantId: string; quantity: number }[], extra: Record<string, unknown> = {}) => ({
  distributorId: w.distributor.id,
  orderCycleId: cycleId,
  shippingMethodId: w.methods.distributor.shipping.id,
  paymentMethodId: w.methods.distributor.payment.id,
  lines,
  ...extra,
});

async function placedCount() {
  const [row] = await getDb().execute<{ count: number }>(sql`select count(*)::int as count from orders where state = 'placed'`);
  return row.count;
}

async function buyer(name: string): Promise<{ user: TestUser; cookie: string }> {
  const user = await createUser({ name });
  return { user, cookie: await sessionCookie(user) };
}

describe("the cart", () => {
  test("refuses a quantity that is not whole cases at the quantity, in French for a French buyer, and keeps whole cases", async () => {
    const { user, cookie } = await buyer("Case buyer");
    const refused = await addToCart(cookie, crate, 7, { "Accept-Language": "fr" });
    expect(refused.status).toBe(422);
    const body = await json(refused);
    expect(body.fieldErrorKeys).toEqual({ quantity: "wholeCases" });
    expect(body.fieldErrors.quantity).toBe("Vendu par colis de 6 : choisissez 6, 12, 18…");
    expect(await cartView(w.distributor.id, { userId: user.id })).toBeUndefined();

    expect((await addToCart(cookie, crate, 12)).status).toBe(302);
    expect((await addToCart(cookie, single, 1)).status).toBe(302);
    const cart = await cartView(w.distributor.id, { userId: user.id });
    expect(cart?.lines.map((line) => [line.variantId, line.quantity, line.unitsPerCase]).sort()).toEqual(
      [
        [crate, 12, 6],
        [single, 1, 1],
      ].sort(),
    );
    const english = await addToCart(cookie, crate, 13);
    expect((await json(english)).fieldErrors.quantity).toBe("Sold by the case of 6: choose 6, 12, 18…");
  });

  test("a cart line is cut to the whole cases the stock still allows, and removed when less than a case is left", async () => {
    const { user, cookie } = await buyer("Short stock buyer");
    expect((await addToCart(cookie, crate, 18)).status).toBe(302);
    await setStock(crate, 10);
    const cut = await cartView(w.distributor.id, { userId: user.id });
    expect(cut?.lines.find((line) => line.variantId === crate)?.quantity).toBe(6);
    expect(cut?.changes).toEqual([expect.objectContaining({ kind: "reduced", from: 18, to: 6 })]);
    await setStock(crate, 5);
    const gone = await cartView(w.distributor.id, { userId: user.id });
    expect(gone?.lines.find((line) => line.variantId === crate)).toBeUndefined();
    expect(gone?.changes).toEqual([expect.objectContaining({ kind: "removed" })]);
    await setStock(crate, 100);
  });
});

describe("what the shop offers", () => {
  test("the stock in whole cases: 10 left of a case of 6 is one case, and less than a case is not offered", async () => {
    await setStock(crate, 10);
    const some = await shopProductsPage(w.distributor.id, cycleId);
    expect(some.body.items.find((item: { variantId: string }) => item.variantId === crate)).toMatchObject({ available: 6, unitsPerCase: 6 });
    await setStock(crate, 5);
    const none = await shopProductsPage(w.distributor.id, cycleId);
    expect(none.body.items.find((item: { variantId: string }) => item.variantId === crate)).toBeUndefined();
    expect(none.body.items.find((item: { variantId: string }) => item.variantId === single)).toMatchObject({ available: 100, unitsPerCase: 1 });
    const { cookie } = await buyer("Too few buyer");
    expect((await addToCart(cookie, crate, 6)).status).toBe(409);
    await setStock(crate, 100);
  });
});

describe("placing an order", () => {
  test("POST /orders refuses a line that is not whole cases at `lines.<variant>`, with nothing written, and takes whole cases", async () => {
    const { user } = await buyer("API buyer");
    const before = { placed: await placedCount(), stock: await stockOf(crate) };
    const refused = await placeOrderApi(
      apiOrder([
        { variantId: crate, quantity: 8 },
        { variantId: single, quantity: 1 },
      ]),
      { token: user.token },
    );
    expect(refused.status).toBe(422);
    expect(Object.keys(refused.body.error.fields)).toEqual([`lines.${crate}`]);
    expect(refused.body.error.fields[`lines.${crate}`]).toBe("Sold by the case of 6: choose 6, 12, 18…");
    expect({ placed: await placedCount(), stock: await stockOf(crate) }).toEqual(before);

    const placed = await placeOrderApi(apiOrder([{ variantId: crate, quantity: 12 }]), { token: user.token });
    expect(placed.status).toBe(201);
    expect(await stockOf(crate)).toBe(before.stock! - 12);
  });

  test("the checkout page refuses a cart line that is no longer whole cases next to its product, and keeps the cart", async () => {
    const { user, cookie } = await buyer("Stale checkout buyer");
    // Filled while the 3 kg carrots were sold singly; then the producer sells them by the case of 4.
    expect((await addToCart(cookie, single, 3)).status).toBe(302);
    await getDb().update(variants).set({ unitsPerCase: 4 }).where(eq(variants.id, single));
    try {
      const refused = await callRoute(checkoutRoute, {
        method: "POST",
        path: `/shop/${w.distributor.id}/checkout`,
        params: { distributorId: w.distributor.id },
        cookie,
        form: { name: "Stale", shippingMethodId: w.methods.distributor.shipping.id, paymentMethodId: w.methods.distributor.payment.id },
      });
      expect(refused.status).toBe(422);
      const body = await json(refused);
      expect(body.fieldErrorKeys).toEqual({ [`lines.${single}`]: "wholeCases" });
      expect(body.fieldErrors[`lines.${single}`]).toBe("Sold by the case of 4: choose 4, 8, 12…");
      const [line] = await getDb().execute<{ quantity: number }>(
        sql`select l.quantity from order_lines l join orders o on o.id = l.order_id where o.buyer_id = ${user.id} and o.state = 'cart'`,
      );
      expect(line.quantity).toBe(3);
    } finally {
      await getDb().update(variants).set({ unitsPerCase: 1 }).where(eq(variants.id, single));
    }
  });

  test("an order entered for a customer keeps to whole cases too", async () => {
    const before = await placedCount();
    const customer = { email: "phone.case@example.org", name: "Phone Case", phone: "+33 6 11 22 33 44" };
    const refused = await placeOrderApi(apiOrder([{ variantId: crate, quantity: 5 }], { onBehalfOf: customer }), { token: w.people.distributor.token });
    expect(refused.status).toBe(422);
    expect(Object.keys(refused.body.error.fields)).toEqual([`lines.${crate}`]);
    expect(await placedCount()).toBe(before);
    const placed = await placeOrderApi(apiOrder([{ variantId: crate, quantity: 6 }], { onBehalfOf: customer }), { token: w.people.distributor.token });
    expect(placed.status).toBe(201);
  });
});

describe("changing a placed order", () => {
  test("the buyer keeps to whole cases through the API and the order page; the hub may record a case short by one unit", async () => {
    const { user, cookie } = await buyer("Changing buyer");
    const placed = await placeOrderApi(
      apiOrder([
        { variantId: crate, quantity: 12 },
        { variantId: single, quantity: 2 },
      ]),
      { token: user.token },
    );
    expect(placed.status).toBe(201);
    const orderId = placed.body.id as string;
    const quantities = async () =>
      Object.fromEntries(
        (await getDb().select({ variantId: orderLines.variantId, quantity: orderLines.quantity }).from(orderLines).where(eq(orderLines.orderId, orderId))).map(
          (line) => [line.variantId, line.quantity],
        ),
      );

    const apiRefused = await changeOrderApi(
      orderId,
      [
        { variantId: crate, quantity: 13 },
        { variantId: single, quantity: 2 },
      ],
      { token: user.token },
    );
    expect(apiRefused.status).toBe(422);
    expect(Object.keys(apiRefused.body.error.fields)).toEqual([`lines.${crate}`]);

    const pageRefused = await callRoute(orderPageRoute, {
      path: `/orders/${orderId}`,
      params: { orderId },
      cookie,
      headers: { "Accept-Language": "fr" },
      form: { intent: "change", [`qty:${crate}`]: "10", [`qty:${single}`]: "2" },
    });
    expect(pageRefused.status).toBe(422);
    expect((await json(pageRefused)).fieldErrors[`qty:${crate}`]).toBe("Vendu par colis de 6 : choisissez 6, 12, 18…");
    expect(await quantities()).toEqual({ [crate]: 12, [single]: 2 });

    // The producer brought a case short by one: the hub records 11, with a note.
    const adjusted = await callRoute(orderRoute, {
      method: "PATCH",
      path: `/api/v1/orders/${orderId}`,
      params: { orderId },
      token: w.people.distributor.token,
      body: { lines: [{ variantId: crate, quantity: 11 }], note: "One carrot bag short" },
    });
    expect(adjusted.status).toBe(200);
    expect(await quantities()).toEqual({ [crate]: 11, [single]: 2 });
    const [change] = await getDb().select().from(orderChanges).where(eq(orderChanges.orderId, orderId));
    expect(change).toMatchObject({ source: "staff", beforeQuantity: 12, afterQuantity: 11, note: "One carrot bag short" });

    // The broken case stays as the hub left it while the buyer changes another line.
    const other = await changeOrderApi(
      orderId,
      [
        { variantId: crate, quantity: 11 },
        { variantId: single, quantity: 3 },
      ],
      { token: user.token },
    );
    expect(other.status).toBe(200);
    expect(await quantities()).toEqual({ [crate]: 11, [single]: 3 });
    const accepted = await changeOrderApi(
      orderId,
      [
        { variantId: crate, quantity: 18 },
        { variantId: single, quantity: 3 },
      ],
      { token: user.token },
    );
    expect(accepted.status).toBe(200);
    expect(await quantities()).toEqual({ [crate]: 18, [single]: 3 });
  });
});

describe("the variant editor", () => {
  test("sets a case size, refuses a bad one at its cell, and clears it back to sold singly", async () => {
    const [{ productId }] = await getDb().select({ productId: variants.productId }).from(variants).where(eq(variants.id, w.variants.a[2]));
    const edit = (typed: string, shown: string) =>
      callRoute(productPageRoute, {
        path: `/admin/enterprises/${w.supplierA.id}/products/${productId}`,
        params: { enterpriseId: w.supplierA.id, productId },
        cookie: w.sessions.supplierA,
        form: { intent: "variants", [`unitsPerCase.${w.variants.a[2]}`]: typed, [`unitsPerCaseWas.${w.variants.a[2]}`]: shown },
      });
    const sizeOf = async () => (await getDb().select({ size: variants.unitsPerCase }).from(variants).where(eq(variants.id, w.variants.a[2])))[0].size;

    expect((await edit("12", "")).status).toBe(200);
    expect(await sizeOf()).toBe(12);
    const refused = await edit("0", "12");
    expect(refused.status).toBe(422);
    expect(Object.keys((await json(refused)).fieldErrors)).toEqual([`unitsPerCase.${w.variants.a[2]}`]);
    expect(await sizeOf()).toBe(12);
    expect((await edit("", "12")).status).toBe(200);
    expect(await sizeOf()).toBe(1);
  });
});
