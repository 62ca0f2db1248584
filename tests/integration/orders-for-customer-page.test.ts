// The hub's page for a phone order (docs/domain.md 12, decision 0048), through its loader and
// action as the browser's form posts them: the shops the caller may enter for, the chosen shop's
// products with stock and its payment methods without card, the customer search filling the
// contact; "Update total" prices with the order's own pricing and writes nothing; bad input comes
// back at the form's own fields (all at once) with nothing written; placing lands on the order.
import { sql } from "drizzle-orm";
import { getDb } from "#db/connection.server";
import { paymentMethods } from "#db/schema";
import * as entryPage from "#app/routes/admin.order-cycles.$cycleId.orders_.new";
import { putOutgoingExchange } from "#app/domain/order-cycles/commands.server";
import { putCustomer } from "#app/domain/shop/customers.server";
import { coopPlus, minuteFromNow, seedCycle, type CoopPlus } from "#tests/support/coop";
import { callRoute, json } from "#tests/support/http";
import { getOrderApi, setStock, stockOf } from "#tests/support/shop";

let w: CoopPlus;
let cycleId: string;
let carrots: string;
let cardId: string;

beforeAll(async () => {
  w = await coopPlus();
  cycleId = await seedCycle(w, { name: "Desk week", opensAt: minuteFromNow(-60), closesAt: minuteFromNow(120) });
  const [card] = await getDb().insert(paymentMethods).values({ enterpriseId: w.distributor.id, name: "Card", kind: "stripe" }).returning();
  cardId = card.id;
  await putOutgoingExchange(w.actors.hub, cycleId, w.distributor.id, {
    tags: [],
    paymentMethodIds: [w.methods.distributor.payment.id, card.id],
  });
  carrots = w.variants.a[0];
  await setStock(carrots, 7);
  await putCustomer(w.actors.distributor, w.distributor.id, { email: "rose.garden@example.org", name: "Rose Garden", tags: [] });
});

const page = (cookie: string, query = "", form?: Record<string, string>) =>
  callRoute(entryPage, { path: `/admin/order-cycles/${cycleId}/orders/new${query}`, params: { cycleId }, cookie, form });

async function counts() {
  const [row] = await getDb().execute<{ orders: number; customers: number }>(
    sql`select (select count(*)::int from orders where state = 'placed') as orders, (select count(*)::int from customers) as customers`,
  );
  return { ...row, stock: await stockOf(carrots) };
}

describe("what the form offers", () => {
  it("a shop's manager gets their own shop straight away: its products with stock, its pickup points, no card", async () => {
    const loaded = await json(await page(w.sessions.distributor));
    expect(loaded.distributors.map((entry: { id: string }) => entry.id)).toEqual([w.distributor.id]);
    expect(loaded.distributor.id).toBe(w.distributor.id);
    expect(loaded.products.find((product: { variantId: string }) => product.variantId === carrots)).toMatchObject({ stock: 7 });
    expect(loaded.paymentMethods.map((method: { id: string }) => method.id)).toEqual([w.methods.distributor.payment.id]);
    expect(loaded.paymentMethods.map((method: { id: string }) => method.id)).not.toContain(cardId);
    expect(loaded.shippingMethods.length).toBeGreaterThan(0);
  });

  it("the coordinator's manager chooses among the cycle's shops; the search finds a customer, and choosing one fills the contact", async () => {
    const first = await json(await page(w.sessions.hub));
    expect(first.distributors.map((entry: { name: string }) => entry.name)).toEqual(["Lake Co-op", "River Co-op"]);
    expect(first.distributor).toBeNull();
    const found = await json(await page(w.sessions.hub, `?distributorId=${w.distributor.id}&q=rose`));
    expect(found.matches).toEqual([{ email: "rose.garden@example.org", name: "Rose Garden", phone: "" }]);
    const chosen = await json(await page(w.sessions.hub, `?distributorId=${w.distributor.id}&q=rose&email=ROSE.GARDEN@example.org`));
    expect(chosen.chosen).toMatchObject({ email: "rose.garden@example.org", name: "Rose Garden" });
  });

  it("a supplier of the cycle is refused (403), someone outside it does not see it (404)", async () => {
    expect((await page(w.sessions.supplierA)).status).toBe(403);
    expect((await page(w.sessions.unrelated)).status).toBe(404);
    const before = await counts();
    const posted = await page(w.sessions.supplierA, "", { distributorId: w.distributor.id, email: "x@example.org", [`qty:${carrots}`]: "1", intent: "place" });
    expect(posted.status).toBe(403);
    expect(await counts()).toEqual(before);
  });
});

describe("placing from the form", () => {
  const base = () => ({
    distributorId: w.distributor.id,
    shippingMethodId: w.methods.distributor.shipping.id,
    paymentMethodId: w.methods.distributor.payment.id,
  });

  it("'Update total' prices the lines as the order will and writes nothing", async () => {
    const before = await counts();
    const quoted = await json(await page(w.sessions.distributor, "", { ...base(), [`qty:${carrots}`]: "2", email: "", intent: "quote" }));
    expect(quoted.totals.totalCents).toBeGreaterThan(0);
    expect(quoted.values[`qty:${carrots}`]).toBe("2");
    expect(await counts()).toEqual(before);
    const placed = await page(w.sessions.distributor, "", { ...base(), [`qty:${carrots}`]: "2", email: "quote.then.place@example.org", intent: "place" });
    expect(placed.status).toBe(302);
    const orderId = placed.headers.get("Location")!.match(/orders\/([^?]+)\?entered=1$/)![1];
    const { body } = await getOrderApi(orderId, { token: w.people.distributor.token });
    expect(body.totalCents).toBe(quoted.totals.totalCents);
    expect(body.enteredBy).toEqual({ userId: w.people.distributor.id, enterpriseId: w.distributor.id });
  });

  it("a wrong quantity, email and phone come back together at the form's own fields; nothing written", async () => {
    const before = await counts();
    const refused = await page(w.sessions.distributor, "", { ...base(), [`qty:${carrots}`]: "1.5", email: "nope", phone: "abc", intent: "place" });
    expect(refused.status).toBe(422);
    const result = await json(refused);
    expect(Object.keys(result.fieldErrors).sort()).toEqual([`qty:${carrots}`, "email", "phone"].sort());
    expect(result.values.email).toBe("nope");
    expect(await counts()).toEqual(before);
  });

  it("no product chosen, or more than the stock: said at the field, nothing written", async () => {
    const before = await counts();
    const none = await json(await page(w.sessions.distributor, "", { ...base(), email: "empty@example.org", intent: "place" }));
    expect(Object.keys(none.fieldErrors)).toEqual(["lines"]);
    const short = await page(w.sessions.distributor, "", { ...base(), [`qty:${carrots}`]: "50", email: "short@example.org", intent: "place" });
    expect(short.status).toBe(409);
    expect(Object.keys((await json(short)).fieldErrors)).toEqual([`qty:${carrots}`]);
    expect(await counts()).toEqual(before);
  });
});
