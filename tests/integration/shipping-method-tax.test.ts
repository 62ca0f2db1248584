// A shipping method has a tax rate (issue 14): set and changed through the API and the methods
// page, and the shipping adjustment of an order placed with it carries that rate, not 0 %.
import { eq } from "drizzle-orm";
import { startSession } from "#app/auth/session.server";
import { putOutgoingExchange } from "#app/domain/order-cycles/commands.server";
import * as methodsPageRoute from "#app/routes/admin.enterprises.$enterpriseId.methods";
import * as shippingListRoute from "#app/routes/api.v1.enterprises.$enterpriseId.shipping-methods";
import * as shippingRoute from "#app/routes/api.v1.shipping-methods.$methodId";
import { getDb } from "#db/connection.server";
import { orderAdjustments, shippingMethods } from "#db/schema";
import { callRoute, json } from "#tests/support/http";
import { coopPlus, minuteFromNow, seedCycle, type CoopPlus } from "#tests/support/coop";
import { placeOrderApi } from "#tests/support/shop";

let w: CoopPlus;

beforeAll(async () => {
  w = await coopPlus();
});

const createShipping = (body: unknown) => callRoute(shippingListRoute, { token: w.people.lake.token, params: { enterpriseId: w.lake.id }, body });
const rowOf = async (id: string) => (await getDb().select().from(shippingMethods).where(eq(shippingMethods.id, id)))[0];

describe("a shipping method's tax rate", () => {
  test("is set and changed through the API, read back in the method, and refused out of 0–10000", async () => {
    const created = await createShipping({ name: "Bike delivery", kind: "delivery", feeCents: 450, taxRateBasisPoints: 550 });
    expect(created.status).toBe(201);
    const method = await json(created);
    expect(method).toMatchObject({ feeCents: 450, taxRateBasisPoints: 550 });
    const changed = await callRoute(shippingRoute, {
      method: "PATCH",
      token: w.people.lake.token,
      params: { methodId: method.id },
      body: { taxRateBasisPoints: 2000 },
    });
    expect(changed.status).toBe(200);
    expect((await json(changed)).taxRateBasisPoints).toBe(2000);
    for (const taxRateBasisPoints of [-1, 10_001, 5.5, "20"]) {
      const refused = await callRoute(shippingRoute, {
        method: "PATCH",
        token: w.people.lake.token,
        params: { methodId: method.id },
        body: { taxRateBasisPoints },
      });
      expect(refused.status, String(taxRateBasisPoints)).toBe(422);
      expect((await json(refused)).error.fields).toHaveProperty("taxRateBasisPoints");
    }
    expect((await rowOf(method.id)).taxRateBasisPoints).toBe(2000);
    const plain = await json(await createShipping({ name: "Free pickup", kind: "pickup" }));
    expect(plain.taxRateBasisPoints).toBe(0);
  });

  test("is typed on the methods page as 5,5 and shown back; a rate that is not one is refused at the field", async () => {
    const cookie = (await startSession(w.people.lake.id)).split(";")[0];
    const path = `/admin/enterprises/${w.lake.id}/methods`;
    const post = (form: Record<string, string>) => callRoute(methodsPageRoute, { cookie, params: { enterpriseId: w.lake.id }, path, form });
    expect((await post({ intent: "createShipping", kind: "delivery", name: "Cargo van", fee: "6,00", taxRate: "5,5" })).status).toBe(200);
    const page = await json(await callRoute(methodsPageRoute, { cookie, params: { enterpriseId: w.lake.id }, path }));
    const van = page.shipping.find((m: { name: string }) => m.name === "Cargo van");
    expect(van).toMatchObject({ feeCents: 600, taxRateBasisPoints: 550 });

    expect((await post({ intent: "updateShipping", methodId: van.id, name: "Cargo van", fee: "6,00", taxRate: "20" })).status).toBe(200);
    expect((await rowOf(van.id)).taxRateBasisPoints).toBe(2000);

    const refused = await post({ intent: "updateShipping", methodId: van.id, name: "Cargo van", fee: "6,00", taxRate: "twenty" });
    expect(refused.status).toBe(422);
    expect(Object.keys((await json(refused)).fieldErrors)).toEqual(["taxRate"]);
    expect((await rowOf(van.id)).taxRateBasisPoints).toBe(2000);
  });

  test("is the rate of the shipping adjustment stored with an order placed with it", async () => {
    const [delivery] = await getDb()
      .insert(shippingMethods)
      .values({ enterpriseId: w.lake.id, name: "Home delivery 20 %", kind: "delivery", feeCents: 600, taxRateBasisPoints: 2000 })
      .returning();
    const cycleId = await seedCycle(w, { opensAt: minuteFromNow(-60), closesAt: minuteFromNow(120) });
    await putOutgoingExchange(w.actors.hub, cycleId, w.lake.id, { tags: [], shippingMethodIds: [delivery.id] });
    const placed = await placeOrderApi({
      distributorId: w.lake.id,
      orderCycleId: cycleId,
      shippingMethodId: delivery.id,
      paymentMethodId: w.methods.lake[0].payment.id,
      email: "delivered@example.test",
      deliveryAddress: "3 Quai de Saône, Lyon",
      lines: [{ variantId: w.variants.a[0], quantity: 1 }],
    });
    expect(placed.status, JSON.stringify(placed.body)).toBe(201);
    const stored = await getDb().select().from(orderAdjustments).where(eq(orderAdjustments.orderId, placed.body.id));
    expect(stored.filter((adjustment) => adjustment.place === "shipping")).toEqual([
      expect.objectContaining({ label: "Home delivery 20 %", amountCents: 600, taxRateBasisPoints: 2000 }),
    ]);
  });
});
