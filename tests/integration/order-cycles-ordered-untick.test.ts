// A supplier unticking variants that placed orders hold (issue 13): asked first with how many units
// in how many orders, the coordinator told (history and email), and a re-tick puts the variants
// back in the distributors' lists and shops that offered them.
import { and, eq, inArray, like } from "drizzle-orm";
import * as incomingApi from "#app/routes/api.v1.order-cycles.$cycleId.incoming.$supplierId";
import * as incomingPage from "#app/routes/admin.order-cycles.$cycleId.incoming";
import { putOutgoingExchange } from "#app/domain/order-cycles/commands.server";
import { viewCycleForActor } from "#app/domain/order-cycles/queries.server";
import { placeOrder } from "#app/domain/shop/checkout.server";
import { getDb } from "#db/connection.server";
import { orderCycleHistory, outboxEmails, variants } from "#db/schema";
import { coopPlus, minuteFromNow, seedCycle, type CoopPlus } from "#tests/support/coop";
import { callRoute, json } from "#tests/support/http";
import { shopProductsPage } from "#tests/support/shop";

let w: CoopPlus;

beforeAll(async () => {
  w = await coopPlus();
  await getDb()
    .update(variants)
    .set({ stock: null })
    .where(inArray(variants.id, [...w.variants.a, ...w.variants.b]));
});

/** An open cycle: River sells carrots 1 kg and 3 kg, Lake carrots 1 kg and milk; two River orders hold carrots 1 kg (3 units). */
async function cycleWithOrders(name: string) {
  const cycleId = await seedCycle(w, { name, opensAt: minuteFromNow(-60), closesAt: minuteFromNow(120) });
  await putOutgoingExchange(w.actors.hub, cycleId, w.distributor.id, { tags: [] });
  await putOutgoingExchange(w.actors.hub, cycleId, w.lake.id, { tags: [] });
  const river = {
    distributorId: w.distributor.id,
    orderCycleId: cycleId,
    shippingMethodId: w.methods.distributor.shipping.id,
    paymentMethodId: w.methods.distributor.payment.id,
  };
  await placeOrder({ ...river, email: "xavier@example.org", name: "Xavier", lines: [{ variantId: w.variants.a[0], quantity: 2 }] }, undefined);
  await placeOrder(
    {
      ...river,
      email: "yara@example.org",
      name: "Yara",
      lines: [
        { variantId: w.variants.a[0], quantity: 1 },
        { variantId: w.variants.a[1], quantity: 1 },
      ],
    },
    undefined,
  );
  return cycleId;
}

const saveIncoming = (cycleId: string, form: Record<string, string | string[]>) =>
  callRoute(incomingPage, { cookie: w.sessions.supplierA, params: { cycleId }, form: { intent: "save", supplierId: w.supplierA.id, ...form } });

const incomingOfA = async (cycleId: string) =>
  (await viewCycleForActor(w.actors.hub, cycleId)).incoming.find((exchange) => exchange.supplier.id === w.supplierA.id)!.variantIds;
const outgoingOf = async (cycleId: string, distributorId: string) =>
  (await viewCycleForActor(w.actors.hub, cycleId)).outgoing.find((exchange) => exchange.distributor.id === distributorId)!.variantIds;
const emailsAbout = (cycleId: string) =>
  getDb()
    .select()
    .from(outboxEmails)
    .where(and(eq(outboxEmails.kind, "ordered_variants_withdrawn"), like(outboxEmails.text, `%${cycleId}%`)));

describe("a producer unticking a variant that placed orders hold", () => {
  it("is asked first, with how many units in how many orders, and nothing changes until it confirms", async () => {
    const cycleId = await cycleWithOrders("Untick asked");
    const without = w.variants.a.slice(1);
    const asked = await saveIncoming(cycleId, { variantIds: without });
    expect(asked.status).toBe(409);
    const body = await json(asked);
    expect(body.fieldErrorKeys.variantIds).toBe("removalInOrders");
    expect(body.fieldErrors.variantIds).toContain("Carrots · 1 kg: 3 in 2 placed orders");
    expect(body.formError).not.toContain("Reload");
    expect(await incomingOfA(cycleId)).toEqual(expect.arrayContaining(w.variants.a));
    expect(await emailsAbout(cycleId)).toHaveLength(0);

    const confirmed = await saveIncoming(cycleId, { variantIds: without, confirmRemoval: "on" });
    expect(confirmed.status).toBe(200);
    expect(await incomingOfA(cycleId)).not.toContain(w.variants.a[0]);
  });

  it("tells the coordinator: an entry in the cycle's history and an email in the coordinator's language", async () => {
    const cycleId = await cycleWithOrders("Untick told");
    await saveIncoming(cycleId, { variantIds: w.variants.a.slice(1), confirmRemoval: "on" });
    const history = await getDb()
      .select()
      .from(orderCycleHistory)
      .where(and(eq(orderCycleHistory.orderCycleId, cycleId), eq(orderCycleHistory.action, "ordered_variants_withdrawn")));
    expect(history).toHaveLength(1);
    expect(history[0].details).toMatchObject({
      supplierId: w.supplierA.id,
      units: 3,
      orders: 2,
      variants: [{ variantId: w.variants.a[0], name: "Carrots · 1 kg", units: 3, orders: 2 }],
    });
    const emails = await emailsAbout(cycleId);
    expect(emails).toHaveLength(1);
    expect(emails[0].toAddress).toBe(w.hub.email);
    expect(emails[0].replyTo).toBe(w.supplierA.email);
    expect(emails[0].subject).toBe("Farm A unticked ordered products · Untick told");
    expect(emails[0].text).toContain("Carrots · 1 kg: 3 in 2 orders");
  });

  it("unticking a variant nobody ordered saves at once, and tells nobody", async () => {
    const cycleId = await cycleWithOrders("Untick unordered");
    const leeks = w.variants.a[2];
    const saved = await saveIncoming(cycleId, { variantIds: w.variants.a.filter((id) => id !== leeks) });
    expect(saved.status).toBe(200);
    expect(await emailsAbout(cycleId)).toHaveLength(0);
  });

  it("through the API, `confirmRemoval: false` gets the same question as a 409", async () => {
    const cycleId = await cycleWithOrders("Untick API");
    const response = await callRoute(incomingApi, {
      method: "PUT",
      token: w.people.supplierA.token,
      params: { cycleId, supplierId: w.supplierA.id },
      body: { variantIds: w.variants.a.slice(1), confirmRemoval: false },
    });
    expect(response.status).toBe(409);
    expect((await json(response)).error.code).toBe("needs_confirmation");
    expect(await incomingOfA(cycleId)).toContain(w.variants.a[0]);
  });
});

describe("a variant ticked in again", () => {
  it("comes back in the lists and shops of the distributors that offered it, and nowhere else", async () => {
    const cycleId = await cycleWithOrders("Re-tick");
    const carrots3 = w.variants.a[1]; // River offered it; Lake did not.
    expect(await outgoingOf(cycleId, w.distributor.id)).toContain(carrots3);
    await saveIncoming(cycleId, { variantIds: w.variants.a.filter((id) => id !== carrots3), confirmRemoval: "on" });
    expect(await outgoingOf(cycleId, w.distributor.id)).not.toContain(carrots3);
    const shopIds = async (distributorId: string) =>
      ((await shopProductsPage(distributorId, cycleId)).body.items as { variantId: string }[]).map((item) => item.variantId);
    expect(await shopIds(w.distributor.id)).not.toContain(carrots3);

    const retick = await saveIncoming(cycleId, { variantIds: w.variants.a });
    expect(retick.status).toBe(200);
    expect(await outgoingOf(cycleId, w.distributor.id)).toContain(carrots3);
    expect(await outgoingOf(cycleId, w.lake.id)).not.toContain(carrots3);
    expect(await shopIds(w.distributor.id)).toContain(carrots3);
  });

  it("comes back after its supplier was removed from the cycle and added again", async () => {
    const cycleId = await cycleWithOrders("Re-add");
    const milk = w.variants.b[0];
    expect(await outgoingOf(cycleId, w.lake.id)).toContain(milk);
    await callRoute(incomingApi, { method: "DELETE", token: w.people.hub.token, params: { cycleId, supplierId: w.supplierB.id } });
    expect(await outgoingOf(cycleId, w.lake.id)).not.toContain(milk);
    await callRoute(incomingApi, { method: "PUT", token: w.people.hub.token, params: { cycleId, supplierId: w.supplierB.id }, body: { variantIds: [milk] } });
    expect(await outgoingOf(cycleId, w.lake.id)).toContain(milk);
  });
});
