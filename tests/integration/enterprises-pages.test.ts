// The enterprise pages: the admin home, the creation form, settings (profile and shop preferences),
// managers and permissions, through their loaders and form actions, with the same rules as the API.
import { and, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import * as homeRoute from "#app/routes/admin._index";
import * as newRoute from "#app/routes/admin.enterprises.new";
import * as indexRoute from "#app/routes/admin.enterprises.$enterpriseId._index";
import * as settingsRoute from "#app/routes/admin.enterprises.$enterpriseId._profile.settings";
import * as managersRoute from "#app/routes/admin.enterprises.$enterpriseId._profile.managers";
import * as permissionsRoute from "#app/routes/admin.enterprises.$enterpriseId._profile.permissions";
import { getDb } from "#db/connection.server";
import { enterpriseManagers, enterprisePermissions, enterprises, managerInvitations, outboxEmails } from "#db/schema";
import { insertGrant, sessionCookie } from "#tests/support/coop";
import { callRoute, json } from "#tests/support/http";
import { createEnterprise, createUser, grant } from "#tests/support/world";

async function row(id: string) {
  const [found] = await getDb().select().from(enterprises).where(eq(enterprises.id, id));
  return found;
}

async function grantsBetween(grantorId: string, granteeId: string) {
  const rows = await getDb()
    .select({ permission: enterprisePermissions.permission })
    .from(enterprisePermissions)
    .where(and(eq(enterprisePermissions.grantorId, grantorId), eq(enterprisePermissions.granteeId, granteeId)));
  return rows.map((found) => found.permission).sort();
}

function page(route: Parameters<typeof callRoute>[0], enterpriseId: string, section: string) {
  const path = `/admin/enterprises/${enterpriseId}/${section}`;
  return {
    load: (cookie: string, query = "") => callRoute(route, { cookie, params: { enterpriseId }, path: path + query }),
    post: (cookie: string, form: Record<string, string | string[]>) => callRoute(route, { cookie, params: { enterpriseId }, path, form }),
  };
}

describe("admin home", () => {
  it("lists my enterprises as cards with their kind, and those that granted me something apart", async () => {
    const me = await createUser();
    const other = await createUser();
    const farm = await createEnterprise(me, { name: "My Farm", kind: "producer", sellsOwnProducts: true });
    const hub = await createEnterprise(me, { name: "My Hub", kind: "hub", isProducer: true });
    const partner = await createEnterprise(other, { name: "Partner Farm", kind: "producer" });
    await grant(other, partner.id, hub.id, ["manage_products"]);
    const body = await json(await callRoute(homeRoute, { cookie: await sessionCookie(me), path: "/admin" }));
    expect(body.managed.map((card: { name: string; kindLabel: string }) => [card.name, card.kindLabel])).toEqual([
      ["My Farm", "producerShop"],
      ["My Hub", "producerHub"],
    ]);
    expect(body.partners.map((card: { name: string; rights: unknown }) => [card.name, card.rights])).toEqual([
      ["Partner Farm", { administer: false, editProfile: false, manageProducts: true, grantPermissions: false }],
    ]);
    expect(body.managed[0].id).toBe(farm.id);
  });

  it("is empty for someone who runs nothing, and sends visitors to the login page", async () => {
    const nobody = await createUser();
    expect(await json(await callRoute(homeRoute, { cookie: await sessionCookie(nobody), path: "/admin" }))).toEqual({ managed: [], partners: [] });
    const res = await callRoute(homeRoute, { path: "/admin" });
    expect(res.status).toBe(302);
    expect(res.headers.get("Location")).toBe("/login?redirectTo=%2Fadmin");
  });
});

describe("creating an enterprise", () => {
  it("creates it from the form and opens its settings", async () => {
    const me = await createUser({ email: "me@example.test" });
    const res = await callRoute(newRoute, {
      cookie: await sessionCookie(me),
      path: "/admin/enterprises/new",
      form: { name: "Sunny Farm", kind: "producer", sellsOwnProducts: "on", email: "", locale: "fr", timeZone: "Europe/Paris" },
    });
    expect(res.status).toBe(302);
    const [created] = await getDb().select().from(enterprises).where(eq(enterprises.ownerId, me.id));
    expect(created).toMatchObject({
      name: "Sunny Farm",
      kind: "producer",
      isProducer: true,
      sellsOwnProducts: true,
      email: "me@example.test",
      locale: "fr",
      timeZone: "Europe/Paris",
    });
    expect(res.headers.get("Location")).toBe(`/admin/enterprises/${created.id}/settings?created=1`);
  });

  it("keeps the input and shows errors next to the fields, creating nothing", async () => {
    const me = await createUser();
    const res = await callRoute(newRoute, {
      cookie: await sessionCookie(me),
      path: "/admin/enterprises/new",
      form: { name: "Hub", kind: "", email: "x@", locale: "en", timeZone: "Moon/Base" },
    });
    expect(res.status).toBe(422);
    const body = await json(res);
    expect(Object.keys(body.fieldErrors).sort()).toEqual(["email", "kind", "timeZone"]);
    expect(body.fieldErrors.timeZone).toBe("Choose a time zone from the list.");
    expect(body.values.name).toBe("Hub");
    expect(await getDb().select().from(enterprises).where(eq(enterprises.ownerId, me.id))).toHaveLength(0);
  });

  it("creates nothing from a form posted from another site", async () => {
    const me = await createUser();
    const res = await callRoute(newRoute, {
      cookie: await sessionCookie(me),
      path: "/admin/enterprises/new",
      headers: { Origin: "https://evil.example" },
      form: { name: "Hub", kind: "hub" },
    });
    expect([302, 403]).toContain(res.status);
    expect(await getDb().select().from(enterprises).where(eq(enterprises.ownerId, me.id))).toHaveLength(0);
  });

  it("sends /admin/enterprises/:id to its settings", async () => {
    const res = await callRoute(indexRoute, { params: { enterpriseId: "abc" }, path: "/admin/enterprises/abc" });
    expect(res.status).toBe(302);
    expect(res.headers.get("Location")).toBe("/admin/enterprises/abc/settings");
  });
});

describe("settings page", () => {
  it("saves the profile and the shop preferences through their own forms", async () => {
    const me = await createUser();
    const hub = await createEnterprise(me, { name: "Hub", kind: "hub" });
    const settings = page(settingsRoute, hub.id, "settings");
    const cookie = await sessionCookie(me);
    const saved = await settings.post(cookie, {
      intent: "profile",
      name: "Hill Hub",
      email: "hill@example.test",
      locale: "fr",
      timeZone: "America/Montreal",
      address: "2 Hill Rd",
      description: "Our hub",
    });
    expect(saved.status).toBe(200);
    expect(await json(saved)).toEqual({ ok: true, intent: "profile" });
    expect(await row(hub.id)).toMatchObject({
      name: "Hill Hub",
      email: "hill@example.test",
      locale: "fr",
      timeZone: "America/Montreal",
      address: "2 Hill Rd",
      description: "Our hub",
    });
    expect((await settings.post(cookie, { intent: "shopPreferences", orderCyclesSortedBy: "opens_at", suppliersSeeBuyerNames: "on" })).status).toBe(200);
    expect(await row(hub.id)).toMatchObject({ orderCyclesSortedBy: "opens_at", suppliersSeeBuyerNames: true });
    // An unticked box is sent as nothing: it means "no".
    await settings.post(cookie, { intent: "shopPreferences", orderCyclesSortedBy: "opens_at" });
    expect((await row(hub.id)).suppliersSeeBuyerNames).toBe(false);
  });

  it("saves the pickup reminder days ticked, none when every box is unticked, and refuses a day not offered", async () => {
    const me = await createUser();
    const hub = await createEnterprise(me, { name: "Hub", kind: "hub" });
    const settings = page(settingsRoute, hub.id, "settings");
    const cookie = await sessionCookie(me);
    expect((await json(await settings.load(cookie))).enterprise.pickupReminderDays).toEqual([1]);
    const shop = { intent: "shopPreferences", orderCyclesSortedBy: "closes_at" };
    expect((await settings.post(cookie, { ...shop, pickupReminderDays: ["7", "1"] })).status).toBe(200);
    expect((await row(hub.id)).pickupReminderDays).toEqual([1, 7]);
    await settings.post(cookie, shop);
    expect((await row(hub.id)).pickupReminderDays).toEqual([]);
    const refused = await settings.post(cookie, { ...shop, pickupReminderDays: ["3", "2"] });
    expect(refused.status).toBe(422);
    expect(Object.entries((await json(refused)).fieldErrors)).toEqual([["pickupReminderDays.1", "Pick among 1, 3 and 7 days before."]]);
    expect((await row(hub.id)).pickupReminderDays).toEqual([]);
  });

  it("saves announcing open cycles and the closing reminder with the shop's preferences", async () => {
    const me = await createUser();
    const hub = await createEnterprise(me, { name: "Hub", kind: "hub" });
    const settings = page(settingsRoute, hub.id, "settings");
    const cookie = await sessionCookie(me);
    const shop = { intent: "shopPreferences", orderCyclesSortedBy: "closes_at", pickupReminderDays: "1" };
    expect((await settings.post(cookie, { ...shop, announceOpenCycles: "on", closingReminderHours: "48" })).status).toBe(200);
    expect(await row(hub.id)).toMatchObject({ announceOpenCycles: true, closingReminderHours: 48 });
    expect((await settings.post(cookie, { ...shop, closingReminderHours: "off" })).status).toBe(200);
    expect(await row(hub.id)).toMatchObject({ announceOpenCycles: false, closingReminderHours: null });
  });

  it("refuses an unknown time zone next to the field and keeps the rest unchanged", async () => {
    const me = await createUser();
    const hub = await createEnterprise(me, { name: "Hub", kind: "hub", timeZone: "Europe/Paris" });
    const res = await page(settingsRoute, hub.id, "settings").post(await sessionCookie(me), {
      intent: "profile",
      name: "Renamed",
      email: "a@example.test",
      locale: "en",
      timeZone: "Paris",
      address: "",
      description: "",
    });
    expect(res.status).toBe(422);
    const body = await json(res);
    expect(body.intent).toBe("profile");
    expect(body.fieldErrors).toEqual({ timeZone: "Choose a time zone from the list." });
    expect(await row(hub.id)).toMatchObject({ name: "Hub", timeZone: "Europe/Paris" });
  });

  it("shows a read-only profile to someone who may not edit it, and refuses their forms with 403", async () => {
    const owner = await createUser();
    const stranger = await createUser();
    const hub = await createEnterprise(owner, { name: "Hub", kind: "hub", email: "hub@example.test" });
    const settings = page(settingsRoute, hub.id, "settings");
    const cookie = await sessionCookie(stranger);
    const view = await json(await settings.load(cookie));
    expect(view.enterprise.access).toEqual({ canAdminister: false, canEditProfile: false });
    expect(view.enterprise).not.toHaveProperty("email");
    expect(view.timeZones).toEqual([]);
    expect((await settings.post(cookie, { intent: "profile", name: "Taken", email: "x@example.test" })).status).toBe(403);
    expect((await settings.post(cookie, { intent: "shopPreferences", orderCyclesSortedBy: "opens_at" })).status).toBe(403);
    expect(await row(hub.id)).toMatchObject({ name: "Hub", orderCyclesSortedBy: "closes_at" });
  });

  it("lets a holder of edit_profile save the profile but not the shop preferences", async () => {
    const owner = await createUser();
    const editor = await createUser();
    const farm = await createEnterprise(owner, { name: "Farm", kind: "producer" });
    const hub = await createEnterprise(editor, { name: "Hub", kind: "hub" });
    await grant(owner, farm.id, hub.id, ["edit_profile"]);
    const settings = page(settingsRoute, farm.id, "settings");
    const cookie = await sessionCookie(editor);
    expect((await json(await settings.load(cookie))).enterprise.access).toEqual({ canAdminister: false, canEditProfile: true });
    expect(
      (
        await settings.post(cookie, {
          intent: "profile",
          name: "Farm (edited)",
          email: owner.email,
          locale: "en",
          timeZone: "UTC",
          address: "",
          description: "",
        })
      ).status,
    ).toBe(200);
    expect((await settings.post(cookie, { intent: "shopPreferences", orderCyclesSortedBy: "opens_at" })).status).toBe(403);
    expect(await row(farm.id)).toMatchObject({ name: "Farm (edited)", orderCyclesSortedBy: "closes_at" });
  });

  it("answers 404 for an enterprise that does not exist, and 400 for an unknown intent", async () => {
    const me = await createUser();
    const hub = await createEnterprise(me, { kind: "hub" });
    const cookie = await sessionCookie(me);
    expect((await page(settingsRoute, "missing", "settings").load(cookie)).status).toBe(404);
    expect((await page(settingsRoute, hub.id, "settings").post(cookie, { intent: "explode" })).status).toBe(400);
  });
});

describe("managers page", () => {
  it("adds an existing user, invites an unknown email once, withdraws the invitation and removes a manager", async () => {
    const owner = await createUser({ name: "Owner" });
    const colleague = await createUser({ name: "Colleague" });
    const hub = await createEnterprise(owner, { name: "Hub", kind: "hub" });
    const managers = page(managersRoute, hub.id, "managers");
    const cookie = await sessionCookie(owner);

    expect(await json(await managers.post(cookie, { intent: "add", email: colleague.email }))).toMatchObject({ ok: true, status: "added" });
    expect(await json(await managers.post(cookie, { intent: "add", email: "fresh@example.test" }))).toMatchObject({ ok: true, status: "invited" });
    expect(await json(await managers.post(cookie, { intent: "add", email: "fresh@example.test" }))).toMatchObject({ ok: true, status: "invited" });
    expect(await getDb().select().from(outboxEmails).where(eq(outboxEmails.toAddress, "fresh@example.test"))).toHaveLength(1);

    const view = await json(await managers.load(cookie));
    expect(view.enterprise.managers.map((manager: { name: string; isOwner: boolean }) => [manager.name, manager.isOwner])).toEqual([
      ["Owner", true],
      ["Colleague", false],
    ]);
    const [invitation] = view.enterprise.invitations;
    expect(invitation.email).toBe("fresh@example.test");

    expect((await managers.post(cookie, { intent: "cancelInvitation", invitationId: invitation.id, email: invitation.email })).status).toBe(200);
    expect(await getDb().select().from(managerInvitations).where(eq(managerInvitations.enterpriseId, hub.id))).toEqual([]);

    expect((await managers.post(cookie, { intent: "remove", userId: colleague.id, name: "Colleague" })).status).toBe(200);
    const left = await getDb().select().from(enterpriseManagers).where(eq(enterpriseManagers.enterpriseId, hub.id));
    expect(left.map((manager) => manager.userId)).toEqual([owner.id]);
  });

  it("refuses to remove the owner, says why, and keeps them", async () => {
    const owner = await createUser();
    const colleague = await createUser();
    const hub = await createEnterprise(owner, { kind: "hub" });
    const managers = page(managersRoute, hub.id, "managers");
    await managers.post(await sessionCookie(owner), { intent: "add", email: colleague.email });
    const res = await managers.post(await sessionCookie(colleague), { intent: "remove", userId: owner.id });
    expect(res.status).toBe(422);
    expect((await json(res)).fieldErrors.userId).toBe("The owner always stays a manager.");
    expect(await getDb().select().from(enterpriseManagers).where(eq(enterpriseManagers.enterpriseId, hub.id))).toHaveLength(2);
  });

  it("is for its managers only: 403 for others, 404 for a missing enterprise", async () => {
    const owner = await createUser();
    const stranger = await createUser();
    const hub = await createEnterprise(owner, { kind: "hub" });
    const cookie = await sessionCookie(stranger);
    expect((await page(managersRoute, hub.id, "managers").load(cookie)).status).toBe(403);
    expect((await page(managersRoute, hub.id, "managers").post(cookie, { intent: "add", email: stranger.email })).status).toBe(403);
    expect((await page(managersRoute, "missing", "managers").load(cookie)).status).toBe(404);
    expect(await getDb().select().from(enterpriseManagers).where(eq(enterpriseManagers.enterpriseId, hub.id))).toHaveLength(1);
  });
});

describe("permissions page", () => {
  async function world() {
    const farmer = await createUser();
    const hubManager = await createUser();
    const farm = await createEnterprise(farmer, { name: "Farm", kind: "producer" });
    const hub = await createEnterprise(hubManager, { name: "Hub", kind: "hub" });
    const shop = await createEnterprise(hubManager, { name: `Shop ${hubManager.id.slice(0, 8)}`, kind: "hub" });
    return { farmer, hubManager, farm, hub, shop, permissions: page(permissionsRoute, farm.id, "permissions"), cookie: await sessionCookie(farmer) };
  }

  it("grants, changes a row to exactly the ticked permissions, and revokes", async () => {
    const w = await world();
    expect(
      (await w.permissions.post(w.cookie, { intent: "grant", granteeId: w.hub.id, granteeName: "Hub", permissions: ["add_to_order_cycle", "manage_products"] }))
        .status,
    ).toBe(200);
    expect(await grantsBetween(w.farm.id, w.hub.id)).toEqual(["add_to_order_cycle", "manage_products"]);
    expect((await w.permissions.post(w.cookie, { intent: "save", granteeId: w.hub.id, permissions: ["edit_profile", "manage_products"] })).status).toBe(200);
    expect(await grantsBetween(w.farm.id, w.hub.id)).toEqual(["edit_profile", "manage_products"]);
    expect((await w.permissions.post(w.cookie, { intent: "revoke", granteeId: w.hub.id })).status).toBe(200);
    expect(await grantsBetween(w.farm.id, w.hub.id)).toEqual([]);
  });

  it("lists what we grant and what we receive, and offers every other enterprise not yet granted, searchable by name", async () => {
    const w = await world();
    await grant(w.farmer, w.farm.id, w.hub.id, ["add_to_order_cycle"]);
    await insertGrant(w.shop.id, w.farm.id, "edit_profile");
    const view = await json(await w.permissions.load(w.cookie));
    expect(view.enterprise.permissionsGranted.map((link: { enterpriseName: string }) => link.enterpriseName)).toEqual(["Hub"]);
    expect(view.enterprise.permissionsReceived).toEqual([
      { enterpriseId: w.shop.id, enterpriseName: w.shop.name, kindLabel: "hub", permissions: ["edit_profile"] },
    ]);
    const ids = view.candidates.map((candidate: { id: string }) => candidate.id);
    expect(ids).toContain(w.shop.id);
    expect(ids).not.toContain(w.hub.id);
    expect(ids).not.toContain(w.farm.id);
    const searched = await json(await w.permissions.load(w.cookie, `?q=${encodeURIComponent(w.shop.name.slice(2).toUpperCase())}`));
    expect(searched.candidates.map((candidate: { id: string }) => candidate.id)).toEqual([w.shop.id]);
    const wildcard = await json(await w.permissions.load(w.cookie, "?q=%25"));
    expect(wildcard.candidates).toEqual([]);
  });

  it("asks for at least one permission and an enterprise when granting, changing nothing", async () => {
    const w = await world();
    const none = await w.permissions.post(w.cookie, { intent: "grant", granteeId: w.hub.id });
    expect(none.status).toBe(422);
    expect((await json(none)).fieldErrors.permissions).toBe("Choose at least 1.");
    const nobody = await w.permissions.post(w.cookie, { intent: "grant", granteeId: "", permissions: ["edit_profile"] });
    expect(nobody.status).toBe(422);
    expect((await json(nobody)).fieldErrors.granteeId).toBe("This field is required.");
    expect(await grantsBetween(w.farm.id, w.hub.id)).toEqual([]);
  });

  it("is for the grantor's managers only: the grantee's manager gets 403 and nothing changes", async () => {
    const w = await world();
    await grant(w.farmer, w.farm.id, w.hub.id, ["add_to_order_cycle"]);
    const cookie = await sessionCookie(w.hubManager);
    expect((await w.permissions.load(cookie)).status).toBe(403);
    expect(
      (await w.permissions.post(cookie, { intent: "save", granteeId: w.hub.id, permissions: ["add_to_order_cycle", "manage_products", "edit_profile"] }))
        .status,
    ).toBe(403);
    expect((await w.permissions.post(cookie, { intent: "revoke", granteeId: w.hub.id })).status).toBe(403);
    expect(await grantsBetween(w.farm.id, w.hub.id)).toEqual(["add_to_order_cycle"]);
  });
});
