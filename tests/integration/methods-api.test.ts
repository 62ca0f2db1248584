// The shipping and payment methods API: pickup points, delivery, cash, bank transfer and Stripe card.
import { eq } from "drizzle-orm";
import { afterEach, describe, expect, it } from "vitest";
import * as paymentListRoute from "#app/routes/api.v1.enterprises.$enterpriseId.payment-methods";
import * as shippingListRoute from "#app/routes/api.v1.enterprises.$enterpriseId.shipping-methods";
import * as paymentRoute from "#app/routes/api.v1.payment-methods.$methodId";
import * as shippingRoute from "#app/routes/api.v1.shipping-methods.$methodId";
import { getDb } from "#db/connection.server";
import { paymentMethods, shippingMethods } from "#db/schema";
import { insertEnterprise, insertGrant } from "#tests/support/coop";
import { callRoute, json } from "#tests/support/http";
import { createUser } from "#tests/support/world";
import { setEnv } from "#tests/support/settings";

async function world() {
  const hubManager = await createUser();
  const partnerManager = await createUser();
  const stranger = await createUser();
  const hub = await insertEnterprise(hubManager, { name: "Hub", kind: "hub" });
  const partner = await insertEnterprise(partnerManager, { name: "Partner", kind: "hub" });
  await insertEnterprise(stranger, { name: "Stranger's", kind: "hub" });
  // The hub lets the partner manage its products: that is not the right to change its methods.
  await insertGrant(hub.id, partner.id, "manage_products");
  return { hubManager, partnerManager, stranger, hub, partner };
}

const createShipping = (token: string, enterpriseId: string, body: unknown) => callRoute(shippingListRoute, { token, params: { enterpriseId }, body });
const createPayment = (token: string, enterpriseId: string, body: unknown) => callRoute(paymentListRoute, { token, params: { enterpriseId }, body });

const savedKey = process.env.STRIPE_SECRET_KEY;
afterEach(() => {
  if (savedKey === undefined) setEnv({ STRIPE_SECRET_KEY: undefined });
  else setEnv({ STRIPE_SECRET_KEY: savedKey });
});

describe("shipping methods API", () => {
  it("creates a pickup point and a delivery method (201) and lists them", async () => {
    const w = await world();
    const pickup = await createShipping(w.hubManager.token, w.hub.id, { name: "Barn", kind: "pickup", address: "1 Mill Lane", openingHours: "Fri 16-19" });
    expect(pickup.status).toBe(201);
    const pickupBody = await json(pickup);
    expect(pickupBody).toMatchObject({ name: "Barn", kind: "pickup", address: "1 Mill Lane", openingHours: "Fri 16-19", feeCents: 0 });
    expect(typeof pickupBody.id).toBe("string");
    const delivery = await createShipping(w.hubManager.token, w.hub.id, { name: "Home delivery", kind: "delivery", feeCents: 500 });
    expect(delivery.status).toBe(201);
    const list = await json(await callRoute(shippingListRoute, { token: w.hubManager.token, params: { enterpriseId: w.hub.id } }));
    expect(list.items.map((m: any) => [m.name, m.feeCents])).toEqual([
      ["Barn", 0],
      ["Home delivery", 500],
    ]);
    expect(list.nextCursor).toBeNull();
  });

  it("refuses invalid methods (422) and writes nothing", async () => {
    const w = await world();
    for (const body of [
      { name: "", kind: "pickup" },
      { name: "Van", kind: "drone" },
      { name: "Van", kind: "delivery", feeCents: -1 },
      { name: "Van", kind: "delivery", feeCents: 1.5 },
    ]) {
      expect((await createShipping(w.hubManager.token, w.hub.id, body)).status).toBe(422);
    }
    expect(await getDb().select().from(shippingMethods).where(eq(shippingMethods.enterpriseId, w.hub.id))).toHaveLength(0);
  });

  it("only the enterprise's own managers change its methods: 401 anonymous, 403 for partners and strangers", async () => {
    const w = await world();
    const body = { name: "Barn", kind: "pickup", address: "1 Mill Lane" };
    expect((await callRoute(shippingListRoute, { params: { enterpriseId: w.hub.id }, body })).status).toBe(401);
    expect((await createShipping(w.partnerManager.token, w.hub.id, body)).status).toBe(403);
    expect((await createShipping(w.stranger.token, w.hub.id, body)).status).toBe(403);
    expect((await createShipping(w.hubManager.token, "nope", body)).status).toBe(404);
    const method = await json(await createShipping(w.hubManager.token, w.hub.id, body));
    // The partner knows the hub (it was granted something) so a change is 403; a stranger gets 404.
    expect(
      (await callRoute(shippingRoute, { method: "PATCH", token: w.partnerManager.token, params: { methodId: method.id }, body: { name: "x" } })).status,
    ).toBe(403);
    expect((await callRoute(shippingRoute, { method: "PATCH", token: w.stranger.token, params: { methodId: method.id }, body: { name: "x" } })).status).toBe(
      404,
    );
    expect((await callRoute(shippingRoute, { method: "DELETE", token: w.stranger.token, params: { methodId: method.id } })).status).toBe(404);
    const [row] = await getDb().select().from(shippingMethods).where(eq(shippingMethods.id, method.id));
    expect(row).toMatchObject({ name: "Barn", archivedAt: null });
  });

  it("edits a method (200), keeps its kind, archives it (204) and hides it from the list", async () => {
    const w = await world();
    const method = await json(await createShipping(w.hubManager.token, w.hub.id, { name: "Barn", kind: "pickup", address: "1 Mill Lane" }));
    const patch = (body: unknown) => callRoute(shippingRoute, { method: "PATCH", token: w.hubManager.token, params: { methodId: method.id }, body });
    const edited = await patch({ name: "Old barn", openingHours: "Sat 9-12", feeCents: 50 });
    expect(edited.status).toBe(200);
    expect(await json(edited)).toMatchObject({ name: "Old barn", openingHours: "Sat 9-12", address: "1 Mill Lane", feeCents: 50 });
    const kindChange = await patch({ kind: "delivery" });
    expect(kindChange.status).toBe(422);
    expect((await json(kindChange)).error.fields.kind).toBeTruthy();

    expect((await callRoute(shippingRoute, { method: "DELETE", token: w.hubManager.token, params: { methodId: method.id } })).status).toBe(204);
    const list = await json(await callRoute(shippingListRoute, { token: w.hubManager.token, params: { enterpriseId: w.hub.id } }));
    expect(list.items).toEqual([]);
    expect((await patch({ name: "back" })).status).toBe(404);
    const [row] = await getDb().select().from(shippingMethods).where(eq(shippingMethods.id, method.id));
    expect(row.archivedAt).not.toBeNull();
  });
});

describe("payment methods API", () => {
  it("creates cash and bank transfer methods (201) with instructions", async () => {
    const w = await world();
    const cash = await createPayment(w.hubManager.token, w.hub.id, { name: "Cash on pickup", kind: "cash" });
    expect(cash.status).toBe(201);
    const transfer = await createPayment(w.hubManager.token, w.hub.id, { name: "Bank transfer", kind: "bank_transfer", instructions: "IBAN FR76 ..." });
    expect(transfer.status).toBe(201);
    expect(await json(transfer)).toMatchObject({ kind: "bank_transfer", instructions: "IBAN FR76 ..." });
    const list = await json(await callRoute(paymentListRoute, { token: w.hubManager.token, params: { enterpriseId: w.hub.id } }));
    expect(list.items.map((m: any) => m.kind)).toEqual(["cash", "bank_transfer"]);
  });

  it("refuses a Stripe card method with 422 while STRIPE_SECRET_KEY is unset, and accepts it once set", async () => {
    const w = await world();
    setEnv({ STRIPE_SECRET_KEY: undefined });
    const refused = await createPayment(w.hubManager.token, w.hub.id, { name: "Card", kind: "stripe" });
    expect(refused.status).toBe(422);
    expect((await json(refused)).error.fields.kind).toMatch(/not configured/i);
    expect(await getDb().select().from(paymentMethods).where(eq(paymentMethods.enterpriseId, w.hub.id))).toHaveLength(0);

    setEnv({ STRIPE_SECRET_KEY: "sk_test_123" });
    expect((await createPayment(w.hubManager.token, w.hub.id, { name: "Card", kind: "stripe" })).status).toBe(201);
  });

  it("refuses partners (403), edits and archives for managers, hides archived methods", async () => {
    const w = await world();
    expect((await createPayment(w.partnerManager.token, w.hub.id, { name: "Cash", kind: "cash" })).status).toBe(403);
    const method = await json(await createPayment(w.hubManager.token, w.hub.id, { name: "Cash", kind: "cash" }));
    const patch = (token: string, body: unknown) => callRoute(paymentRoute, { method: "PATCH", token, params: { methodId: method.id }, body });
    expect((await patch(w.partnerManager.token, { name: "Mine" })).status).toBe(403);
    expect((await patch(w.stranger.token, { name: "Mine" })).status).toBe(404);
    const edited = await patch(w.hubManager.token, { name: "Cash at the barn", instructions: "Exact change please" });
    expect(await json(edited)).toMatchObject({ name: "Cash at the barn", instructions: "Exact change please", kind: "cash" });
    expect((await patch(w.hubManager.token, { kind: "stripe" })).status).toBe(422);
    expect((await callRoute(paymentRoute, { method: "DELETE", token: w.hubManager.token, params: { methodId: method.id } })).status).toBe(204);
    const list = await json(await callRoute(paymentListRoute, { token: w.hubManager.token, params: { enterpriseId: w.hub.id } }));
    expect(list.items).toEqual([]);
    expect((await callRoute(paymentRoute, { method: "DELETE", token: w.hubManager.token, params: { methodId: method.id } })).status).toBe(404);
  });
});
