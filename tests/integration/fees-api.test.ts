// The enterprise fees API: create with each calculator, validation with field names, who may
// see and change a fee, archive, and the calculator frozen once an order cycle uses the fee.
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import * as cyclesRoute from "#app/routes/api.v1.order-cycles";
import * as feesRoute from "#app/routes/api.v1.enterprises.$enterpriseId.fees";
import * as feeRoute from "#app/routes/api.v1.fees.$feeId";
import { getDb } from "#db/connection.server";
import { enterpriseFees } from "#db/schema";
import { insertEnterprise, insertGrant } from "#tests/support/coop";
import { callRoute, json } from "#tests/support/http";
import { createUser } from "#tests/support/world";

async function world() {
  const manager = await createUser();
  const partnerManager = await createUser();
  const stranger = await createUser();
  const hub = await insertEnterprise(manager, { name: "Green Hub", kind: "hub" });
  const partner = await insertEnterprise(partnerManager, { name: "Farm A", kind: "producer" });
  await insertEnterprise(stranger, { name: "Far Hub", kind: "hub" });
  // The hub lets the farm put it in cycles: the farm sees the hub's fees but may not change them.
  await insertGrant(hub.id, partner.id, "add_to_order_cycle");
  return { manager, partnerManager, stranger, hub, partner };
}

const create = (token: string, enterpriseId: string, body: unknown) => callRoute(feesRoute, { token, params: { enterpriseId }, body });
const list = (token: string, enterpriseId: string) => callRoute(feesRoute, { token, params: { enterpriseId } });
const get = (token: string, feeId: string, headers?: Record<string, string>) => callRoute(feeRoute, { token, params: { feeId }, headers });
const patch = (token: string, feeId: string, body: unknown) => callRoute(feeRoute, { method: "PATCH", token, params: { feeId }, body });
const archive = (token: string, feeId: string) => callRoute(feeRoute, { method: "DELETE", token, params: { feeId } });
const feesOf = (enterpriseId: string) => getDb().select().from(enterpriseFees).where(eq(enterpriseFees.enterpriseId, enterpriseId));

const packing = { name: "Packing", feeType: "packing", taxRateBasisPoints: 2000, calculator: { type: "per_item", amountCents: 50 } };

describe("enterprise fees API", () => {
  it("creates a fee with each of the six calculators (201) and lists them with their description", async () => {
    const w = await world();
    const calculators = [
      { type: "flat_rate", amountCents: 300 },
      { type: "per_item", amountCents: 50 },
      { type: "percent", percent: 12.5 },
      { type: "flexible", firstItemCents: 200, additionalItemCents: 100, maxItems: 5 },
      { type: "price_sack", thresholdCents: 5000, normalCents: 400, discountCents: 200 },
      { type: "weight", centsPerKg: 120 },
    ];
    for (const [index, calculator] of calculators.entries()) {
      const res = await create(w.manager.token, w.hub.id, { name: `Fee ${index}`, feeType: "admin", calculator });
      expect(res.status).toBe(201);
      const body = await json(res);
      expect(typeof body.id).toBe("string");
      expect(body).toMatchObject({
        enterpriseId: w.hub.id,
        name: `Fee ${index}`,
        feeType: "admin",
        taxRateBasisPoints: 0,
        taxFollowsProduct: false,
        calculator,
      });
    }
    const res = await list(w.manager.token, w.hub.id);
    expect(res.status).toBe(200);
    const body = await json(res);
    expect(body.nextCursor).toBeNull();
    expect(body.items.map((fee: any) => fee.description)).toEqual([
      "€3.00 per order",
      "€0.50 per item",
      "12.5% of price",
      "€2.00 for the first item, €1.00 for each additional up to 5",
      "€4.00, or €2.00 from €50.00 of products",
      "€1.20 per kg",
    ]);
  });

  it("describes the calculation in the caller's language", async () => {
    const w = await world();
    const { id } = await json(await create(w.manager.token, w.hub.id, packing));
    const body = await json(await get(w.manager.token, id, { "Accept-Language": "fr" }));
    expect(body.description.replace(/[\u00a0\u202f]/g, " ")).toBe("0,50 € par article");
  });

  it("refuses invalid fees with 422 and the field at fault (calculator.amountCents …), writing nothing", async () => {
    const w = await world();
    const cases: [unknown, string][] = [
      [{ ...packing, calculator: { type: "per_item" } }, "calculator.amountCents"],
      [{ ...packing, calculator: { type: "per_item", amountCents: -5 } }, "calculator.amountCents"],
      [{ ...packing, calculator: { type: "per_item", amountCents: 0.5 } }, "calculator.amountCents"],
      [{ ...packing, calculator: { type: "per_item", amountCents: 1_000_001 } }, "calculator.amountCents"],
      [{ ...packing, calculator: { type: "percent", percent: 0 } }, "calculator.percent"],
      [{ ...packing, calculator: { type: "percent", percent: 150 } }, "calculator.percent"],
      [{ ...packing, calculator: { type: "percent", percent: 12.345 } }, "calculator.percent"],
      [{ ...packing, calculator: { type: "flexible", firstItemCents: 200, additionalItemCents: 100, maxItems: 0 } }, "calculator.maxItems"],
      [{ ...packing, calculator: { type: "price_sack", thresholdCents: 5000, normalCents: 400 } }, "calculator.discountCents"],
      [{ ...packing, calculator: { type: "magic", amountCents: 5 } }, "calculator.type"],
      [{ ...packing, calculator: undefined }, "calculator"],
      [{ ...packing, name: "" }, "name"],
      [{ ...packing, name: "x".repeat(81) }, "name"],
      [{ ...packing, feeType: "tip" }, "feeType"],
      [{ ...packing, taxRateBasisPoints: 10_001 }, "taxRateBasisPoints"],
      [{ ...packing, taxFollowsProduct: "yes" }, "taxFollowsProduct"],
    ];
    for (const [body, field] of cases) {
      const res = await create(w.manager.token, w.hub.id, body);
      expect(res.status, JSON.stringify(body)).toBe(422);
      const error = (await json(res)).error;
      expect(error.code).toBe("validation_failed");
      expect(Object.keys(error.fields), JSON.stringify(body)).toContain(field);
      expect(typeof error.fields[field]).toBe("string");
    }
    expect(await feesOf(w.hub.id)).toHaveLength(0);
  });

  it("answers 400 for a body that is not JSON", async () => {
    const w = await world();
    const res = await create(w.manager.token, w.hub.id, "{not json");
    expect(res.status).toBe(400);
  });

  it("lets only per-item fees follow the product's tax rate", async () => {
    const w = await world();
    for (const calculator of [
      { type: "flat_rate", amountCents: 300 },
      { type: "flexible", firstItemCents: 1, additionalItemCents: 1, maxItems: 2 },
      { type: "price_sack", thresholdCents: 1, normalCents: 1, discountCents: 0 },
    ]) {
      const res = await create(w.manager.token, w.hub.id, { name: "Delivery", feeType: "transport", taxFollowsProduct: true, calculator });
      expect(res.status).toBe(422);
      expect(Object.keys((await json(res)).error.fields)).toEqual(["taxFollowsProduct"]);
    }
    expect(await feesOf(w.hub.id)).toHaveLength(0);

    const res = await create(w.manager.token, w.hub.id, {
      name: "Admin",
      feeType: "admin",
      taxFollowsProduct: true,
      calculator: { type: "percent", percent: 10 },
    });
    expect(res.status).toBe(201);
    const fee = await json(res);
    expect(fee.taxFollowsProduct).toBe(true);

    // Turning it into a per-order fee while it follows the product is refused too.
    const refused = await patch(w.manager.token, fee.id, { calculator: { type: "flat_rate", amountCents: 100 } });
    expect(refused.status).toBe(422);
    expect(Object.keys((await json(refused)).error.fields)).toEqual(["taxFollowsProduct"]);
    const allowed = await patch(w.manager.token, fee.id, {
      taxFollowsProduct: false,
      taxRateBasisPoints: 550,
      calculator: { type: "flat_rate", amountCents: 100 },
    });
    expect(allowed.status).toBe(200);
    expect(await json(allowed)).toMatchObject({ taxFollowsProduct: false, taxRateBasisPoints: 550, calculator: { type: "flat_rate", amountCents: 100 } });
  });

  it("updates only the fields sent; a calculator is replaced whole", async () => {
    const w = await world();
    const { id } = await json(await create(w.manager.token, w.hub.id, packing));
    const res = await patch(w.manager.token, id, { name: "Boxes" });
    expect(res.status).toBe(200);
    expect(await json(res)).toMatchObject({ name: "Boxes", feeType: "packing", taxRateBasisPoints: 2000, calculator: { type: "per_item", amountCents: 50 } });
    const changed = await json(await patch(w.manager.token, id, { calculator: { type: "weight", centsPerKg: 199 } }));
    expect(changed.calculator).toEqual({ type: "weight", centsPerKg: 199 });
    const [row] = await feesOf(w.hub.id);
    expect(row).toMatchObject({ calculatorType: "weight", calculatorParams: { centsPerKg: 199 } });
    expect((await patch(w.manager.token, id, { calculator: { type: "weight", centsPerKg: 1.5 } })).status).toBe(422);
    expect((await patch(w.manager.token, id, {})).status).toBe(200);
  });

  it("archiving answers 204, hides the fee from the list and from GET, and keeps the row", async () => {
    const w = await world();
    const { id } = await json(await create(w.manager.token, w.hub.id, packing));
    await create(w.manager.token, w.hub.id, { ...packing, name: "Transport", feeType: "transport" });
    const res = await archive(w.manager.token, id);
    expect(res.status).toBe(204);
    expect((await json(await list(w.manager.token, w.hub.id))).items.map((fee: any) => fee.name)).toEqual(["Transport"]);
    expect((await get(w.manager.token, id)).status).toBe(404);
    expect((await patch(w.manager.token, id, { name: "Back" })).status).toBe(404);
    expect((await archive(w.manager.token, id)).status).toBe(404);
    const rows = await getDb().select().from(enterpriseFees).where(eq(enterpriseFees.id, id));
    expect(rows[0].archivedAt).not.toBeNull();
  });

  it("only the enterprise's managers change its fees: 401 anonymous, 403 for others on the enterprise, 404 for a fee they cannot see", async () => {
    const w = await world();
    const { id } = await json(await create(w.manager.token, w.hub.id, packing));

    expect((await callRoute(feesRoute, { params: { enterpriseId: w.hub.id }, body: packing })).status).toBe(401);
    expect((await create(w.stranger.token, w.hub.id, packing)).status).toBe(403);
    expect((await create(w.partnerManager.token, w.hub.id, packing)).status).toBe(403);
    // Access is checked before the body: an invalid body from a stranger is still 403.
    expect((await create(w.stranger.token, w.hub.id, { name: "" })).status).toBe(403);
    expect((await create(w.manager.token, "no-such-enterprise", packing)).status).toBe(404);
    expect((await list(w.stranger.token, w.hub.id)).status).toBe(403);

    expect((await get(w.stranger.token, id)).status).toBe(404);
    expect((await patch(w.stranger.token, id, { name: "Mine" })).status).toBe(404);
    expect((await archive(w.stranger.token, id)).status).toBe(404);

    // A partner working with the hub sees its fees but may not change them.
    expect((await get(w.partnerManager.token, id)).status).toBe(200);
    expect((await list(w.partnerManager.token, w.hub.id)).status).toBe(200);
    expect((await patch(w.partnerManager.token, id, { name: "Mine" })).status).toBe(403);
    expect((await archive(w.partnerManager.token, id)).status).toBe(403);

    const [row] = await feesOf(w.hub.id);
    expect(row).toMatchObject({ name: "Packing", archivedAt: null });
    expect(await feesOf(w.hub.id)).toHaveLength(1);
  });

  it("answers 405 for methods the routes do not serve", async () => {
    const w = await world();
    const { id } = await json(await create(w.manager.token, w.hub.id, packing));
    expect((await callRoute(feeRoute, { method: "PUT", token: w.manager.token, params: { feeId: id }, body: packing })).status).toBe(405);
    expect((await callRoute(feesRoute, { method: "DELETE", token: w.manager.token, params: { enterpriseId: w.hub.id } })).status).toBe(405);
  });

  it("freezes the calculator once an order cycle uses the fee (409), while name and tax stay editable", async () => {
    const w = await world();
    const { id } = await json(await create(w.manager.token, w.hub.id, packing));
    const cycle = await callRoute(cyclesRoute, { token: w.manager.token, body: { name: "Week 48", coordinatorId: w.hub.id, coordinatorFeeIds: [id] } });
    expect(cycle.status).toBe(201);

    const res = await patch(w.manager.token, id, { calculator: { type: "per_item", amountCents: 80 } });
    expect(res.status).toBe(409);
    expect(Object.keys((await json(res)).error.fields)).toEqual(["calculator"]);
    const [row] = await feesOf(w.hub.id);
    expect(row.calculatorParams).toEqual({ amountCents: 50 });

    // Sending the same calculator back is no change; name and tax may change.
    const ok = await patch(w.manager.token, id, { name: "Boxes", taxRateBasisPoints: 550, calculator: { type: "per_item", amountCents: 50 } });
    expect(ok.status).toBe(200);
    expect(await json(ok)).toMatchObject({ name: "Boxes", taxRateBasisPoints: 550 });
  });
});
