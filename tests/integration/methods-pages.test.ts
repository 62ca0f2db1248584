// The shipping & payment page: create, edit and archive through its forms; only the enterprise's own managers.
import { eq } from "drizzle-orm";
import { afterEach, describe, expect, it } from "vitest";
import * as methodsPageRoute from "#app/routes/admin.enterprises.$enterpriseId.methods";
import { startSession } from "#app/auth/session.server";
import { getDb } from "#db/connection.server";
import { paymentMethods, shippingMethods } from "#db/schema";
import { insertEnterprise, insertGrant } from "#tests/support/coop";
import { callRoute, json } from "#tests/support/http";
import { createUser } from "#tests/support/world";
import { setEnv } from "#tests/support/settings";

async function world() {
  const manager = await createUser();
  const partner = await createUser();
  const hub = await insertEnterprise(manager, { name: "Hub", kind: "hub" });
  const partnerHub = await insertEnterprise(partner, { name: "Partner", kind: "hub" });
  await insertGrant(hub.id, partnerHub.id, "manage_products");
  const cookie = (await startSession(manager.id)).split(";")[0];
  const partnerCookie = (await startSession(partner.id)).split(";")[0];
  const path = `/admin/enterprises/${hub.id}/methods`;
  const load = (as = cookie) => callRoute(methodsPageRoute, { cookie: as, params: { enterpriseId: hub.id }, path });
  const post = (form: Record<string, string>, as = cookie) => callRoute(methodsPageRoute, { cookie: as, params: { enterpriseId: hub.id }, path, form });
  return { hub, load, post, partnerCookie };
}

const savedKey = process.env.STRIPE_SECRET_KEY;
afterEach(() => {
  if (savedKey === undefined) setEnv({ STRIPE_SECRET_KEY: undefined });
  else setEnv({ STRIPE_SECRET_KEY: savedKey });
});

describe("shipping & payment page", () => {
  it("creates a pickup point and a delivery with a fee typed as 2,50, edits one and archives the other", async () => {
    const w = await world();
    expect(
      (await w.post({ intent: "createShipping", kind: "pickup", name: "Barn", address: "1 Mill Lane", openingHours: "Fri 16-19", fee: "", description: "" }))
        .status,
    ).toBe(200);
    expect(
      (await w.post({ intent: "createShipping", kind: "delivery", name: "Van", address: "", openingHours: "", fee: "2,50", description: "Lyon only" })).status,
    ).toBe(200);
    let page = await json(await w.load());
    expect(page.shipping.map((m: any) => [m.name, m.kind, m.feeCents])).toEqual([
      ["Barn", "pickup", 0],
      ["Van", "delivery", 250],
    ]);

    const [barn, van] = page.shipping;
    expect(
      (
        await w.post({
          intent: "updateShipping",
          methodId: barn.id,
          name: "Old barn",
          address: "1 Mill Lane",
          openingHours: "Sat 9-12",
          fee: "",
          description: "",
        })
      ).status,
    ).toBe(200);
    expect((await w.post({ intent: "archiveShipping", methodId: van.id })).status).toBe(200);
    page = await json(await w.load());
    expect(page.shipping.map((m: any) => [m.name, m.openingHours])).toEqual([["Old barn", "Sat 9-12"]]);
    const [vanRow] = await getDb().select().from(shippingMethods).where(eq(shippingMethods.id, van.id));
    expect(vanRow.archivedAt).not.toBeNull();
  });

  it("keeps the input and shows the error next to the fee when it is not an amount", async () => {
    const w = await world();
    const res = await w.post({ intent: "createShipping", kind: "delivery", name: "Van", fee: "cheap" });
    expect(res.status).toBe(422);
    const body = await json(res);
    expect(body.intent).toBe("createShipping");
    expect(Object.keys(body.fieldErrors)).toEqual(["fee"]);
    expect(body.values.name).toBe("Van");
    expect(await getDb().select().from(shippingMethods).where(eq(shippingMethods.enterpriseId, w.hub.id))).toHaveLength(0);
  });

  it("shows card payments as not configured without STRIPE_SECRET_KEY and refuses a card method with the reason", async () => {
    const w = await world();
    setEnv({ STRIPE_SECRET_KEY: undefined });
    expect((await json(await w.load())).cardPaymentsConfigured).toBe(false);
    const res = await w.post({ intent: "createPayment", kind: "stripe", name: "Card", instructions: "" });
    expect(res.status).toBe(422);
    expect((await json(res)).fieldErrors.kind).toBe("Card payments are not configured on this Circuit.");
    expect(await getDb().select().from(paymentMethods).where(eq(paymentMethods.enterpriseId, w.hub.id))).toHaveLength(0);
    setEnv({ STRIPE_SECRET_KEY: "sk_test_123" });
    expect((await json(await w.load())).cardPaymentsConfigured).toBe(true);
  });

  it("creates a bank transfer with instructions, edits and archives it", async () => {
    const w = await world();
    expect((await w.post({ intent: "createPayment", kind: "bank_transfer", name: "Transfer", instructions: "IBAN FR76" })).status).toBe(200);
    const [method] = (await json(await w.load())).payment;
    expect(method).toMatchObject({ kind: "bank_transfer", instructions: "IBAN FR76" });
    expect((await w.post({ intent: "updatePayment", methodId: method.id, name: "Bank transfer", instructions: "IBAN FR76 1234" })).status).toBe(200);
    expect((await json(await w.load())).payment[0]).toMatchObject({ name: "Bank transfer", instructions: "IBAN FR76 1234" });
    expect((await w.post({ intent: "archivePayment", methodId: method.id })).status).toBe(200);
    expect((await json(await w.load())).payment).toEqual([]);
  });

  it("is closed to managers of other enterprises, even those allowed to manage its products", async () => {
    const w = await world();
    expect((await w.load(w.partnerCookie)).status).toBe(403);
    const res = await w.post({ intent: "createPayment", kind: "cash", name: "Mine" }, w.partnerCookie);
    expect(res.status).toBe(403);
    expect(await getDb().select().from(paymentMethods).where(eq(paymentMethods.enterpriseId, w.hub.id))).toHaveLength(0);
  });
});
