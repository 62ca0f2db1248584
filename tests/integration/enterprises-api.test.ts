// The enterprises API: create, read, edit, shop preferences and permission grants, with the
// status codes of docs/api.md and refused requests that change nothing.
import { and, eq } from "drizzle-orm";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import * as enterprisesRoute from "#app/routes/api.v1.enterprises";
import * as enterpriseRoute from "#app/routes/api.v1.enterprises.$enterpriseId";
import * as permissionsRoute from "#app/routes/api.v1.enterprises.$enterpriseId.permissions";
import * as revokeRoute from "#app/routes/api.v1.enterprises.$enterpriseId.permissions.$granteeId";
import * as shopPreferencesRoute from "#app/routes/api.v1.enterprises.$enterpriseId.shop-preferences";
import * as managersRoute from "#app/routes/api.v1.enterprises.$enterpriseId.managers";
import { getDb } from "#db/connection.server";
import { enterpriseManagers, enterprisePermissions, enterprises, managerInvitations } from "#db/schema";
import { callRoute, json } from "#tests/support/http";
import { createEnterprise, createUser, grant } from "#tests/support/world";

async function enterpriseRow(id: string) {
  const [row] = await getDb().select().from(enterprises).where(eq(enterprises.id, id));
  return row;
}

async function grantsBetween(grantorId: string, granteeId: string) {
  const rows = await getDb()
    .select({ permission: enterprisePermissions.permission })
    .from(enterprisePermissions)
    .where(and(eq(enterprisePermissions.grantorId, grantorId), eq(enterprisePermissions.granteeId, granteeId)));
  return rows.map((row) => row.permission).sort();
}

describe("POST /enterprises", () => {
  it("creates an enterprise whose owner and first manager is the caller, with the owner's email by default", async () => {
    const owner = await createUser({ email: "grower@example.test" });
    const res = await callRoute(enterprisesRoute, { token: owner.token, body: { name: "  Green Hub ", kind: "hub", timeZone: "Europe/Paris" } });
    expect(res.status).toBe(201);
    const body = await json(res);
    expect(body).toMatchObject({ name: "Green Hub", kind: "hub", kindLabel: "hub", email: "grower@example.test", timeZone: "Europe/Paris", ownerId: owner.id });
    expect(typeof body.id).toBe("string");
    const managers = await getDb().select().from(enterpriseManagers).where(eq(enterpriseManagers.enterpriseId, body.id));
    expect(managers.map((row) => row.userId)).toEqual([owner.id]);
  });

  it("makes every producer a producer, and only a producer a producer shop", async () => {
    const owner = await createUser();
    const farm = await json(
      await callRoute(enterprisesRoute, { token: owner.token, body: { name: "Farm", kind: "producer", isProducer: false, sellsOwnProducts: true } }),
    );
    expect(farm).toMatchObject({ isProducer: true, sellsOwnProducts: true, kindLabel: "producerShop" });
    const hub = await json(
      await callRoute(enterprisesRoute, { token: owner.token, body: { name: "Hub", kind: "hub", isProducer: true, sellsOwnProducts: true } }),
    );
    expect(hub).toMatchObject({ isProducer: true, sellsOwnProducts: false, kindLabel: "producerHub" });
    const profile = await json(await callRoute(enterprisesRoute, { token: owner.token, body: { name: "Listed", kind: "profile", isProducer: true } }));
    expect(profile).toMatchObject({ isProducer: false, sellsOwnProducts: false, kindLabel: "profile" });
  });

  it("accepts current IANA names that Intl lists under an older alias, such as Asia/Kolkata and Europe/Kyiv", async () => {
    const owner = await createUser();
    for (const timeZone of ["Asia/Kolkata", "Europe/Kyiv", "America/Argentina/Buenos_Aires", "Etc/GMT-2"]) {
      const res = await callRoute(enterprisesRoute, { token: owner.token, body: { name: "Hub", kind: "hub", timeZone } });
      expect(res.status).toBe(201);
      expect((await json(res)).timeZone).toBe(timeZone);
    }
  });

  it("accepts an explicit notification email, locale and UTC", async () => {
    const owner = await createUser();
    const res = await callRoute(enterprisesRoute, {
      token: owner.token,
      body: { name: "Co-op", kind: "hub", email: "Orders@Coop.Example", locale: "fr", timeZone: "UTC" },
    });
    expect(res.status).toBe(201);
    expect(await json(res)).toMatchObject({ email: "orders@coop.example", locale: "fr", timeZone: "UTC" });
  });

  it("refuses a time zone that is not an IANA zone with 422 and creates nothing", async () => {
    const owner = await createUser();
    for (const timeZone of ["Mars/Olympus", "CET+1", "", "europe/paris", "Europe/PARIS", "Paris", "Etc/Nowhere", 42]) {
      const res = await callRoute(enterprisesRoute, { token: owner.token, body: { name: "Hub", kind: "hub", timeZone } });
      expect(res.status).toBe(422);
      expect((await json(res)).error.fields.timeZone).toBeTruthy();
    }
    expect(await getDb().select().from(enterprises).where(eq(enterprises.ownerId, owner.id))).toHaveLength(0);
  });

  it("answers 422 with a reason per field for a missing name, an unknown kind, a bad email and locale", async () => {
    const owner = await createUser();
    const res = await callRoute(enterprisesRoute, { token: owner.token, body: { name: " ", kind: "shop", email: "not-an-email", locale: "de" } });
    expect(res.status).toBe(422);
    const { error } = await json(res);
    expect(error.code).toBe("validation_failed");
    expect(Object.keys(error.fields).sort()).toEqual(["email", "kind", "locale", "name"]);
    expect(error.fields.name).toBe("This field is required.");
  });

  it("answers 400 to malformed JSON and 401 without a token, creating nothing", async () => {
    const owner = await createUser();
    expect((await callRoute(enterprisesRoute, { token: owner.token, body: "{not json" })).status).toBe(400);
    expect((await callRoute(enterprisesRoute, { token: owner.token, body: "[1,2]" })).status).toBe(400);
    expect((await callRoute(enterprisesRoute, { body: { name: "Hub", kind: "hub" } })).status).toBe(401);
    expect((await callRoute(enterprisesRoute, { token: "nope", body: { name: "Hub", kind: "hub" } })).status).toBe(401);
    expect(await getDb().select().from(enterprises).where(eq(enterprises.ownerId, owner.id))).toHaveLength(0);
  });

  it("lists the caller's enterprises", async () => {
    const owner = await createUser();
    await createEnterprise(owner, { name: "B farm", kind: "producer" });
    await createEnterprise(owner, { name: "A hub", kind: "hub" });
    const body = await json(await callRoute(enterprisesRoute, { token: owner.token }));
    expect(body.items.map((item: { name: string }) => item.name)).toEqual(["A hub", "B farm"]);
    expect(body.nextCursor).toBeNull();
  });
});

describe("GET /enterprises/:id", () => {
  it("shows the public face to any signed-in user and settings, managers and permissions to its managers", async () => {
    const owner = await createUser({ name: "Owner" });
    const other = await createUser();
    const hub = await createEnterprise(owner, { name: "Hub", kind: "hub", email: "hub@example.test" });
    const farm = await createEnterprise(other, { name: "Farm", kind: "producer" });
    await grant(other, farm.id, hub.id, ["add_to_order_cycle"]);
    await grant(owner, hub.id, farm.id, ["edit_profile"]);

    const mine = await json(await callRoute(enterpriseRoute, { token: owner.token, params: { enterpriseId: hub.id } }));
    expect(mine).toMatchObject({ id: hub.id, name: "Hub", email: "hub@example.test", access: { canAdminister: true, canEditProfile: true } });
    expect(mine.managers).toEqual([{ userId: owner.id, name: "Owner", email: owner.email, isOwner: true }]);
    expect(mine.permissionsGranted).toEqual([{ enterpriseId: farm.id, enterpriseName: "Farm", kindLabel: "producer", permissions: ["edit_profile"] }]);
    expect(mine.permissionsReceived).toEqual([{ enterpriseId: farm.id, enterpriseName: "Farm", kindLabel: "producer", permissions: ["add_to_order_cycle"] }]);

    const stranger = await createUser();
    const theirs = await json(await callRoute(enterpriseRoute, { token: stranger.token, params: { enterpriseId: hub.id } }));
    expect(theirs).toMatchObject({ id: hub.id, name: "Hub", kind: "hub", access: { canAdminister: false, canEditProfile: false } });
    for (const hidden of ["email", "managers", "permissionsGranted", "permissionsReceived", "suppliersSeeBuyerNames", "ownerId"])
      expect(theirs).not.toHaveProperty(hidden);

    // Farm's manager holds edit_profile over Hub: sees the email it may change, not the managers.
    const editor = await json(await callRoute(enterpriseRoute, { token: other.token, params: { enterpriseId: hub.id } }));
    expect(editor).toMatchObject({ email: "hub@example.test", access: { canAdminister: false, canEditProfile: true } });
    expect(editor).not.toHaveProperty("managers");
  });

  it("answers 404 for an enterprise that does not exist and 401 without a token", async () => {
    const user = await createUser();
    expect((await callRoute(enterpriseRoute, { token: user.token, params: { enterpriseId: "missing" } })).status).toBe(404);
    expect((await callRoute(enterpriseRoute, { token: user.token, params: { enterpriseId: "x".repeat(500) } })).status).toBe(404);
    expect((await callRoute(enterpriseRoute, { params: { enterpriseId: "missing" } })).status).toBe(401);
  });
});

describe("PATCH /enterprises/:id", () => {
  it("lets a manager change the profile and answers 200 with the enterprise", async () => {
    const owner = await createUser();
    const hub = await createEnterprise(owner, { name: "Hub", kind: "hub" });
    const res = await callRoute(enterpriseRoute, {
      method: "PATCH",
      token: owner.token,
      params: { enterpriseId: hub.id },
      body: { name: "River Hub", email: "river@example.test", locale: "fr", timeZone: "Australia/Melbourne", address: "1 Quay", description: "Veg" },
    });
    expect(res.status).toBe(200);
    expect(await json(res)).toMatchObject({
      name: "River Hub",
      email: "river@example.test",
      locale: "fr",
      timeZone: "Australia/Melbourne",
      address: "1 Quay",
      description: "Veg",
    });
  });

  it("keeps the kind: the same kind is accepted, another one answers 422 and changes nothing", async () => {
    const owner = await createUser();
    const hub = await createEnterprise(owner, { name: "Hub", kind: "hub" });
    const same = await callRoute(enterpriseRoute, {
      method: "PATCH",
      token: owner.token,
      params: { enterpriseId: hub.id },
      body: { kind: "hub", name: "Hub 2" },
    });
    expect(same.status).toBe(200);
    const res = await callRoute(enterpriseRoute, {
      method: "PATCH",
      token: owner.token,
      params: { enterpriseId: hub.id },
      body: { kind: "producer", name: "Hub 3" },
    });
    expect(res.status).toBe(422);
    expect((await json(res)).error.fields.kind).toMatch(/cannot be changed/);
    expect(await enterpriseRow(hub.id)).toMatchObject({ kind: "hub", name: "Hub 2" });
  });

  it("answers 403 to a user who may see but not change it, 404 when it does not exist", async () => {
    const owner = await createUser();
    const stranger = await createUser();
    const hub = await createEnterprise(owner, { name: "Hub", kind: "hub" });
    const res = await callRoute(enterpriseRoute, { method: "PATCH", token: stranger.token, params: { enterpriseId: hub.id }, body: { name: "Mine now" } });
    expect(res.status).toBe(403);
    expect(
      (await callRoute(enterpriseRoute, { method: "PATCH", token: stranger.token, params: { enterpriseId: "missing" }, body: { name: "x" } })).status,
    ).toBe(404);
    expect((await enterpriseRow(hub.id)).name).toBe("Hub");
  });

  it("refuses a bad time zone, a bad body and malformed JSON without changing anything", async () => {
    const owner = await createUser();
    const hub = await createEnterprise(owner, { name: "Hub", kind: "hub", timeZone: "Europe/Paris" });
    const before = await enterpriseRow(hub.id);
    const cases: [unknown, number][] = [
      [{ name: "New", timeZone: "Nowhere/Special" }, 422],
      [{ name: "New", email: "nope" }, 422],
      [{ name: "" }, 422],
      [{ name: "New", address: "x".repeat(501) }, 422],
      [{ name: 12 }, 422],
      ['{"name": ', 400],
      ["null", 400],
    ];
    for (const [body, status] of cases) {
      const res = await callRoute(enterpriseRoute, { method: "PATCH", token: owner.token, params: { enterpriseId: hub.id }, body });
      expect(res.status).toBe(status);
    }
    expect(await enterpriseRow(hub.id)).toEqual(before);
  });

  it("answers 405 to other methods", async () => {
    const owner = await createUser();
    const hub = await createEnterprise(owner);
    expect((await callRoute(enterpriseRoute, { method: "PUT", token: owner.token, params: { enterpriseId: hub.id }, body: {} })).status).toBe(405);
  });
});

describe("PATCH /enterprises/:id/shop-preferences", () => {
  it("lets a manager choose the sort order and buyer names for suppliers", async () => {
    const owner = await createUser();
    const hub = await createEnterprise(owner, { kind: "hub" });
    const res = await callRoute(shopPreferencesRoute, {
      method: "PATCH",
      token: owner.token,
      params: { enterpriseId: hub.id },
      body: { orderCyclesSortedBy: "opens_at", suppliersSeeBuyerNames: true },
    });
    expect(res.status).toBe(200);
    // Loyalty is off until the shop sets it (decision 0052).
    expect(await json(res)).toEqual({
      orderCyclesSortedBy: "opens_at",
      suppliersSeeBuyerNames: true,
      pickupReminderDays: [1],
      announceOpenCycles: false,
      closingReminderHours: 24,
      loyalty: null,
      autoTags: [],
    });
    const partial = await callRoute(shopPreferencesRoute, {
      method: "PATCH",
      token: owner.token,
      params: { enterpriseId: hub.id },
      body: { suppliersSeeBuyerNames: false, pickupReminderDays: [7, 1, 7] },
    });
    expect(await json(partial)).toEqual({
      orderCyclesSortedBy: "opens_at",
      suppliersSeeBuyerNames: false,
      pickupReminderDays: [1, 7],
      announceOpenCycles: false,
      closingReminderHours: 24,
      loyalty: null,
      autoTags: [],
    });
    const none = await callRoute(shopPreferencesRoute, {
      method: "PATCH",
      token: owner.token,
      params: { enterpriseId: hub.id },
      body: { pickupReminderDays: [] },
    });
    expect(await json(none)).toMatchObject({ pickupReminderDays: [] });
  });

  it("takes pickup reminders 1, 3 and 7 days before only: anything else is a 422 on the field, and nothing changes", async () => {
    const owner = await createUser();
    const hub = await createEnterprise(owner, { kind: "hub" });
    for (const pickupReminderDays of [[2], [1, "3"], "1", [1.5], null]) {
      const res = await callRoute(shopPreferencesRoute, {
        method: "PATCH",
        token: owner.token,
        params: { enterpriseId: hub.id },
        body: { pickupReminderDays },
      });
      expect(res.status).toBe(422);
      // The field, or the entry of it that is wrong ("pickupReminderDays.0").
      expect(Object.keys((await json(res)).error.fields).some((field) => field.startsWith("pickupReminderDays"))).toBe(true);
    }
    const detail = await callRoute(enterpriseRoute, { token: owner.token, params: { enterpriseId: hub.id } });
    expect((await json(detail)).pickupReminderDays).toEqual([1]);
  });

  it("is for managers only, even holders of edit_profile: 403, and 404 for a missing enterprise", async () => {
    const owner = await createUser();
    const editor = await createUser();
    const hub = await createEnterprise(owner, { kind: "hub" });
    const partner = await createEnterprise(editor, { kind: "hub" });
    await grant(owner, hub.id, partner.id, ["edit_profile", "manage_products", "add_to_order_cycle"]);
    const res = await callRoute(shopPreferencesRoute, {
      method: "PATCH",
      token: editor.token,
      params: { enterpriseId: hub.id },
      body: { suppliersSeeBuyerNames: true },
    });
    expect(res.status).toBe(403);
    expect((await callRoute(shopPreferencesRoute, { method: "PATCH", token: owner.token, params: { enterpriseId: "missing" }, body: {} })).status).toBe(404);
    expect((await enterpriseRow(hub.id)).suppliersSeeBuyerNames).toBe(false);
  });

  it("refuses unknown values with 422 and changes nothing", async () => {
    const owner = await createUser();
    const hub = await createEnterprise(owner, { kind: "hub" });
    const res = await callRoute(shopPreferencesRoute, {
      method: "PATCH",
      token: owner.token,
      params: { enterpriseId: hub.id },
      body: { orderCyclesSortedBy: "name", suppliersSeeBuyerNames: "yes" },
    });
    expect(res.status).toBe(422);
    expect(Object.keys((await json(res)).error.fields).sort()).toEqual(["orderCyclesSortedBy", "suppliersSeeBuyerNames"]);
    expect(await enterpriseRow(hub.id)).toMatchObject({ orderCyclesSortedBy: "closes_at", suppliersSeeBuyerNames: false });
  });
});

describe("POST /enterprises/:id/permissions and DELETE /enterprises/:id/permissions/:granteeId", () => {
  async function pair() {
    const farmer = await createUser();
    const hubManager = await createUser();
    const farm = await createEnterprise(farmer, { name: "Farm", kind: "producer" });
    const hub = await createEnterprise(hubManager, { name: "Hub", kind: "hub" });
    return { farmer, hubManager, farm, hub };
  }

  it("grants with 201, and granting again is harmless", async () => {
    const { farmer, farm, hub } = await pair();
    const body = { granteeId: hub.id, permissions: ["manage_products", "add_to_order_cycle"] };
    const first = await callRoute(permissionsRoute, { token: farmer.token, params: { enterpriseId: farm.id }, body });
    expect(first.status).toBe(201);
    expect(await json(first)).toEqual({ grantorId: farm.id, granteeId: hub.id, permissions: ["add_to_order_cycle", "manage_products"] });
    const again = await callRoute(permissionsRoute, {
      token: farmer.token,
      params: { enterpriseId: farm.id },
      body: { granteeId: hub.id, permissions: ["add_to_order_cycle", "edit_profile"] },
    });
    expect(again.status).toBe(201);
    expect(await grantsBetween(farm.id, hub.id)).toEqual(["add_to_order_cycle", "edit_profile", "manage_products"]);
  });

  it("lists grants in both directions for its managers only", async () => {
    const { farmer, hubManager, farm, hub } = await pair();
    await grant(farmer, farm.id, hub.id, ["add_to_order_cycle"]);
    const farmView = await json(await callRoute(permissionsRoute, { token: farmer.token, params: { enterpriseId: farm.id } }));
    expect(farmView).toEqual({
      granted: [{ enterpriseId: hub.id, enterpriseName: "Hub", kindLabel: "hub", permissions: ["add_to_order_cycle"] }],
      received: [],
    });
    const hubView = await json(await callRoute(permissionsRoute, { token: hubManager.token, params: { enterpriseId: hub.id } }));
    expect(hubView.received).toHaveLength(1);
    expect((await callRoute(permissionsRoute, { token: hubManager.token, params: { enterpriseId: farm.id } })).status).toBe(403);
  });

  it("lets only the grantor's managers grant: the grantee's manager gets 403 and nothing is written", async () => {
    const { hubManager, farm, hub } = await pair();
    const res = await callRoute(permissionsRoute, {
      token: hubManager.token,
      params: { enterpriseId: farm.id },
      body: { granteeId: hub.id, permissions: ["manage_products"] },
    });
    expect(res.status).toBe(403);
    expect(await grantsBetween(farm.id, hub.id)).toEqual([]);
  });

  it("answers 404 for a missing grantor and 422 for a missing grantee, itself, or an unknown permission", async () => {
    const { farmer, farm, hub } = await pair();
    expect(
      (
        await callRoute(permissionsRoute, {
          token: farmer.token,
          params: { enterpriseId: "missing" },
          body: { granteeId: hub.id, permissions: ["edit_profile"] },
        })
      ).status,
    ).toBe(404);
    const cases = [
      { granteeId: "missing", permissions: ["edit_profile"] },
      { granteeId: farm.id, permissions: ["edit_profile"] },
      { granteeId: hub.id, permissions: ["own_everything"] },
      { granteeId: hub.id, permissions: [] },
      { granteeId: hub.id },
      { permissions: ["edit_profile"] },
    ];
    for (const body of cases) {
      const res = await callRoute(permissionsRoute, { token: farmer.token, params: { enterpriseId: farm.id }, body });
      expect(res.status).toBe(422);
    }
    const self = await json(
      await callRoute(permissionsRoute, {
        token: farmer.token,
        params: { enterpriseId: farm.id },
        body: { granteeId: farm.id, permissions: ["edit_profile"] },
      }),
    );
    expect(self.error.fields.granteeId).toMatch(/every permission over itself/);
    expect((await callRoute(permissionsRoute, { token: farmer.token, params: { enterpriseId: farm.id }, body: "{]" })).status).toBe(400);
    expect(await getDb().select().from(enterprisePermissions).where(eq(enterprisePermissions.grantorId, farm.id))).toEqual([]);
  });

  it("revokes every permission to a grantee with 204, again with 204, and leaves other grantees alone", async () => {
    const { farmer, farm, hub } = await pair();
    const otherManager = await createUser();
    const other = await createEnterprise(otherManager, { kind: "hub" });
    await grant(farmer, farm.id, hub.id, ["add_to_order_cycle", "manage_products"]);
    await grant(farmer, farm.id, other.id, ["add_to_order_cycle"]);
    const res = await callRoute(revokeRoute, { method: "DELETE", token: farmer.token, params: { enterpriseId: farm.id, granteeId: hub.id } });
    expect(res.status).toBe(204);
    expect(await res.text()).toBe("");
    expect(await grantsBetween(farm.id, hub.id)).toEqual([]);
    expect(await grantsBetween(farm.id, other.id)).toEqual(["add_to_order_cycle"]);
    expect((await callRoute(revokeRoute, { method: "DELETE", token: farmer.token, params: { enterpriseId: farm.id, granteeId: hub.id } })).status).toBe(204);
  });

  it("refuses a revoke by the grantee (403), of a missing grantor or grantee (404), and other methods (405)", async () => {
    const { farmer, hubManager, farm, hub } = await pair();
    await grant(farmer, farm.id, hub.id, ["add_to_order_cycle"]);
    expect((await callRoute(revokeRoute, { method: "DELETE", token: hubManager.token, params: { enterpriseId: farm.id, granteeId: hub.id } })).status).toBe(
      403,
    );
    expect((await callRoute(revokeRoute, { method: "DELETE", token: farmer.token, params: { enterpriseId: "missing", granteeId: hub.id } })).status).toBe(404);
    expect((await callRoute(revokeRoute, { method: "DELETE", token: farmer.token, params: { enterpriseId: farm.id, granteeId: "missing" } })).status).toBe(404);
    expect((await callRoute(revokeRoute, { method: "POST", token: farmer.token, params: { enterpriseId: farm.id, granteeId: hub.id }, body: {} })).status).toBe(
      405,
    );
    expect((await callRoute(revokeRoute, { method: "DELETE", params: { enterpriseId: farm.id, granteeId: hub.id } })).status).toBe(401);
    expect(await grantsBetween(farm.id, hub.id)).toEqual(["add_to_order_cycle"]);
  });
});

describe("hostile input", () => {
  it("never answers 500 to any body on any enterprise endpoint, and a refused request changes nothing", async () => {
    const owner = await createUser();
    const hub = await createEnterprise(owner, { name: "Hostile Hub", kind: "hub" });
    const partnerOwner = await createUser();
    const partner = await createEnterprise(partnerOwner, { kind: "hub" });
    const text = fc.oneof(fc.string(), fc.string({ unit: "binary", maxLength: 40 }), fc.constant("\u0000"), fc.constant("x".repeat(6000)));
    const hostile = fc.oneof(
      fc.object({ maxDepth: 2 }),
      fc.record(
        {
          name: fc.oneof(text, fc.integer(), fc.constant(null)),
          kind: fc.oneof(fc.constantFrom("hub", "producer", "profile", "shop"), text),
          email: fc.oneof(text, fc.emailAddress()),
          locale: fc.oneof(fc.constantFrom("en", "fr"), text),
          timeZone: fc.oneof(fc.constantFrom("Europe/Paris", "UTC"), text),
          address: text,
          granteeId: fc.oneof(fc.constant(partner.id), fc.constant(hub.id), text),
          permissions: fc.oneof(fc.array(fc.constantFrom("add_to_order_cycle", "manage_products", "edit_profile", "x"), { maxLength: 5 }), text),
          orderCyclesSortedBy: fc.oneof(fc.constantFrom("closes_at", "opens_at"), text),
          suppliersSeeBuyerNames: fc.oneof(fc.boolean(), text),
        },
        { requiredKeys: [] },
      ),
    );
    const snapshot = async () => ({
      hub: await enterpriseRow(hub.id),
      grants: await grantsBetween(hub.id, partner.id),
      managers: await getDb().select().from(enterpriseManagers).where(eq(enterpriseManagers.enterpriseId, hub.id)),
      invitations: await getDb().select().from(managerInvitations).where(eq(managerInvitations.enterpriseId, hub.id)),
      owned: (await getDb().select().from(enterprises).where(eq(enterprises.ownerId, owner.id))).length,
    });
    const params = { enterpriseId: hub.id };
    const endpoints = [
      (body: unknown) => callRoute(enterprisesRoute, { token: owner.token, body }),
      (body: unknown) => callRoute(enterpriseRoute, { method: "PATCH", token: owner.token, params, body }),
      (body: unknown) => callRoute(shopPreferencesRoute, { method: "PATCH", token: owner.token, params, body }),
      (body: unknown) => callRoute(permissionsRoute, { token: owner.token, params, body }),
      (body: unknown) => callRoute(managersRoute, { token: owner.token, params, body }),
    ];
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 0, max: endpoints.length - 1 }), hostile, async (endpoint, body) => {
        const before = await snapshot();
        const res = await endpoints[endpoint](body);
        expect(res.status).not.toBe(500);
        expect([200, 201, 400, 422]).toContain(res.status);
        if (res.status >= 400) expect(await snapshot()).toEqual(before);
      }),
      { numRuns: 150 },
    );
  });
});
