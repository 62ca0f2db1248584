// quality.md R10: 100 invoice issues at once across 3 distributors, through real HTTP requests.
// Each distributor's numbers come out gapless and unique, each order has one invoice, and an
// order issued twice at once answers the same invoice both times.
import { eq, inArray } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { getDb } from "#db/connection.server";
import { invoiceCounters, invoices, orders, paymentMethods, shippingMethods } from "#db/schema";
import { putOutgoingExchange } from "#app/domain/order-cycles/commands.server";
import { placeOrder } from "#app/domain/shop/checkout.server";
import * as issueRoute from "#app/routes/api.v1.orders.$orderId.invoice";
import { insertGrant, type CoopPlus } from "#tests/support/coop";
import { serveRoute } from "#tests/support/http-server";
import { invoicingCoop, setLegalIdentity } from "#tests/support/invoices";

let w: CoopPlus;
let cycleId: string;
const shops: { id: string; prefix: string; token: string; orderIds: string[] }[] = [];

async function place(distributorId: string) {
  const [shipping] = await getDb().select({ id: shippingMethods.id }).from(shippingMethods).where(eq(shippingMethods.enterpriseId, distributorId)).limit(1);
  const [payment] = await getDb().select({ id: paymentMethods.id }).from(paymentMethods).where(eq(paymentMethods.enterpriseId, distributorId)).limit(1);
  return placeOrder(
    {
      distributorId,
      orderCycleId: cycleId,
      shippingMethodId: shipping.id,
      paymentMethodId: payment.id,
      email: "race@example.org",
      name: "Race Buyer",
      lines: [{ variantId: w.variants.a[0], quantity: 1 }],
    },
    undefined,
  );
}

beforeAll(async () => {
  ({ w, cycleId } = await invoicingCoop());
  await insertGrant(w.supplierA.id, w.hill.id);
  await putOutgoingExchange(w.actors.hub, cycleId, w.hill.id, { variantIds: [w.variants.a[0]], readyFor: "Sunday hill", tags: [] });
  await setLegalIdentity(w.hill.id, "HILL");
  shops.push(
    { id: w.distributor.id, prefix: "RIV", token: w.people.distributor.token, orderIds: [] },
    { id: w.lake.id, prefix: "LAKE", token: w.people.lake.token, orderIds: [] },
    { id: w.hill.id, prefix: "HILL", token: w.people.hill.token, orderIds: [] },
  );
  for (const shop of shops) for (let i = 0; i < 30; i++) shop.orderIds.push(await place(shop.id));
}, 120_000);

describe("100 concurrent invoice issues across 3 distributors", () => {
  it("give each distributor gapless, unique numbers and each order one invoice", async () => {
    const server = await serveRoute(issueRoute, (path) => ({ orderId: path.split("/")[4] }));
    try {
      // 90 orders once, and 10 of them a second time at the same moment.
      const requests = shops.flatMap((shop) => shop.orderIds.map((orderId) => ({ orderId, token: shop.token })));
      for (let i = 0; i < 10; i++) requests.push(requests[i * 9]);
      expect(requests).toHaveLength(100);
      const answers = await Promise.all(
        requests.map(async ({ orderId, token }) => {
          const response = await fetch(`${server.url}/api/v1/orders/${orderId}/invoice`, { method: "POST", headers: { Authorization: `Bearer ${token}` } });
          return { orderId, status: response.status, body: (await response.json()) as { id: string; number: string } };
        }),
      );
      expect(answers.filter((answer) => answer.status !== 201 && answer.status !== 200)).toEqual([]);
      expect(answers.filter((answer) => answer.status === 201)).toHaveLength(90);
      const byOrder = new Map<string, Set<string>>();
      for (const answer of answers) byOrder.set(answer.orderId, (byOrder.get(answer.orderId) ?? new Set()).add(answer.body.id));
      for (const ids of byOrder.values()) expect(ids.size).toBe(1);
    } finally {
      await server.close();
    }
    const year = new Date().getUTCFullYear();
    for (const shop of shops) {
      const rows = await getDb().select().from(invoices).where(eq(invoices.distributorId, shop.id));
      expect(rows).toHaveLength(30);
      expect(rows.map((row) => row.sequence).sort((a, b) => a - b)).toEqual(Array.from({ length: 30 }, (_, i) => i + 1));
      expect(new Set(rows.map((row) => row.number)).size).toBe(30);
      expect(rows.every((row) => row.number === `${shop.prefix}-${year}-${String(row.sequence).padStart(6, "0")}`)).toBe(true);
      expect(new Set(rows.map((row) => row.orderId))).toEqual(new Set(shop.orderIds));
      const [counter] = await getDb().select().from(invoiceCounters).where(eq(invoiceCounters.distributorId, shop.id));
      expect(counter.lastSequence).toBe(30);
    }
    const placed = await getDb()
      .select({ id: orders.id })
      .from(orders)
      .where(
        inArray(
          orders.id,
          shops.flatMap((shop) => shop.orderIds),
        ),
      );
    expect(placed).toHaveLength(90);
  }, 120_000);
});
