// The shop API as a buyer uses it: list a shop's open cycles, read a cycle's products, place,
// read, change and cancel orders; plus the stock and order rows tests check afterwards.
import { eq, sql } from "drizzle-orm";
import { getDb } from "#db/connection.server";
import { variants } from "#db/schema";
import { forgetShopPages } from "#app/domain/shop/catalogue.server";
import * as customerRoute from "#app/routes/api.v1.enterprises.$enterpriseId.customers.$email";
import * as cancelRoute from "#app/routes/api.v1.orders.$orderId.cancel";
import * as orderRoute from "#app/routes/api.v1.orders.$orderId";
import * as ordersRoute from "#app/routes/api.v1.orders";
import * as cyclesRoute from "#app/routes/api.v1.shops.$distributorId.order-cycles";
import * as productsRoute from "#app/routes/api.v1.shops.$distributorId.order-cycles.$cycleId.products";
import { callRoute, json } from "./http";

export type Who = { token?: string; cookie?: string; headers?: Record<string, string> };

export type ShopProductJson = {
  variantId: string;
  productName: string;
  variantName: string;
  supplierName: string;
  priceCents: number;
  available: number | null;
  fees: { enterpriseName: string; feeType: string; name: string; amountCents: number }[];
};

export async function shopCycles(distributorId: string, who: Who = {}) {
  const response = await callRoute(cyclesRoute, { path: `/api/v1/shops/${distributorId}/order-cycles`, params: { distributorId }, ...who });
  return { status: response.status, body: await json(response) };
}

/** The ids of the cycles a caller may order from, in the shop's order. */
export async function shopCycleIds(distributorId: string, who: Who = {}): Promise<string[]> {
  const { status, body } = await shopCycles(distributorId, who);
  if (status !== 200) throw new Error(`GET order-cycles answered ${status}: ${JSON.stringify(body)}`);
  return (body.items as { id: string }[]).map((item) => item.id);
}

/** One page of products; the two-second page cache is cleared first so the answer is fresh. */
export async function shopProductsPage(distributorId: string, cycleId: string, who: Who = {}, query = "") {
  forgetShopPages();
  const response = await callRoute(productsRoute, {
    path: `/api/v1/shops/${distributorId}/order-cycles/${cycleId}/products${query}`,
    params: { distributorId, cycleId },
    ...who,
  });
  return { status: response.status, body: await json(response) };
}

export async function placeOrderApi(body: Record<string, unknown>, who: Who = {}) {
  const response = await callRoute(ordersRoute, { method: "POST", path: "/api/v1/orders", body, ...who });
  return { status: response.status, body: await json(response) };
}

export async function getOrderApi(orderId: string, who: Who) {
  const response = await callRoute(orderRoute, { path: `/api/v1/orders/${orderId}`, params: { orderId }, ...who });
  return { status: response.status, body: await json(response) };
}

export async function changeOrderApi(orderId: string, lines: { variantId: string; quantity: number }[], who: Who) {
  const response = await callRoute(orderRoute, { method: "PATCH", path: `/api/v1/orders/${orderId}`, params: { orderId }, body: { lines }, ...who });
  return { status: response.status, body: await json(response) };
}

export async function cancelOrderApi(orderId: string, who: Who) {
  const response = await callRoute(cancelRoute, { method: "POST", path: `/api/v1/orders/${orderId}/cancel`, params: { orderId }, ...who });
  return { status: response.status, body: await json(response) };
}

export async function setStock(variantId: string, stock: number | null) {
  await getDb().update(variants).set({ stock }).where(eq(variants.id, variantId));
}

export async function stockOf(variantId: string): Promise<number | null> {
  const [row] = await getDb().select({ stock: variants.stock }).from(variants).where(eq(variants.id, variantId));
  return row.stock;
}

/** Every non-cart order of a cycle with its line and adjustment counts: what a refusal must leave untouched. */
export async function ordersOfCycle(cycleId: string) {
  return getDb().execute<{ id: string; state: string; email: string; lines: number; quantity: number; adjustments: number }>(sql`
    select o.id, o.state, o.email,
      (select count(*)::int from order_lines l where l.order_id = o.id) as lines,
      (select coalesce(sum(l.quantity), 0)::int from order_lines l where l.order_id = o.id) as quantity,
      (select count(*)::int from order_adjustments a where a.order_id = o.id) as adjustments
    from orders o where o.order_cycle_id = ${cycleId} and o.state <> 'cart' order by o.number`);
}

export async function outboxCount(toAddress: string): Promise<number> {
  const [row] = await getDb().execute<{ count: number }>(sql`select count(*)::int as count from outbox_emails where to_address = ${toAddress}`);
  return row.count;
}

export async function customerRows(distributorId: string) {
  return getDb().execute<{ email: string; name: string; user_id: string | null; tags: string[] }>(sql`
    select email, name, user_id, tags from customers where distributor_id = ${distributorId} order by email`);
}

/** PUT /enterprises/:id/customers/:email as a manager of the distributor (token). */
export async function putCustomerTags(managerToken: string, distributorId: string, email: string, tags: string[]) {
  const response = await callRoute(customerRoute, {
    method: "PUT",
    path: `/api/v1/enterprises/${distributorId}/customers/${encodeURIComponent(email)}`,
    params: { enterpriseId: distributorId, email },
    token: managerToken,
    body: { tags },
  });
  if (response.status !== 200) throw new Error(`PUT customer answered ${response.status}`);
  return json(response);
}

type ShopAnswer = { status: number; body: any };

/**
 * Orders racing the close, made to race whatever the machine's speed (quality.md R7). A first
 * wave is submitted while the cycle is open; as soon as one of them is placed, the close is set to
 * now (most of the wave still in flight) and a second wave is submitted once that is committed. So
 * some orders are placed and some refused on every run; which of the first wave's orders win is
 * left to the race. `whileClosing` runs beside the second wave (e.g. the close's processing).
 */
export async function raceTheClose(
  cycleId: string,
  place: (i: number) => Promise<ShopAnswer>,
  options: { early?: number; late?: number; whileClosing?: () => Promise<unknown> } = {},
) {
  const early = options.early ?? 30;
  const late = options.late ?? 10;
  const firstWave = Array.from({ length: early }, (_, i) => place(i));
  const deadline = Date.now() + 15_000;
  for (;;) {
    const [row] = await getDb().execute<{ count: number }>(
      sql`select count(*)::int as count from orders where order_cycle_id = ${cycleId} and state = 'placed'`,
    );
    if (row.count > 0) break;
    if (Date.now() > deadline) throw new Error("No order of the first wave was placed within 15 s");
    await new Promise((resolve) => setTimeout(resolve, 2));
  }
  const closedAt = new Date();
  await getDb().execute(sql`update order_cycles set closes_at = ${closedAt.toISOString()}::timestamptz where id = ${cycleId}`);
  const secondWave = Array.from({ length: late }, (_, i) => place(early + i));
  const [firstAnswers, secondAnswers] = await Promise.all([Promise.all(firstWave), Promise.all(secondWave), options.whileClosing?.()]);
  return { closedAt, early: firstAnswers, late: secondAnswers, all: [...firstAnswers, ...secondAnswers] };
}
