// A distributor's legal identity on its invoices (docs/domain.md 10, docs/api.md PATCH /enterprises/:id):
// its own managers set it through the API and the settings form; a bad prefix is refused at its
// field and nothing changes; a holder of edit_profile may not touch it.
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import * as enterpriseRoute from "#app/routes/api.v1.enterprises.$enterpriseId";
import * as settingsRoute from "#app/routes/admin.enterprises.$enterpriseId._profile.settings";
import { getDb } from "#db/connection.server";
import { enterprises } from "#db/schema";
import { sessionCookie } from "#tests/support/coop";
import { callRoute, json } from "#tests/support/http";
import { createEnterprise, createUser, grant } from "#tests/support/world";

async function row(id: string) {
  const [found] = await getDb().select().from(enterprises).where(eq(enterprises.id, id));
  return found;
}

const patch = (enterpriseId: string, token: string, body: unknown, headers: Record<string, string> = {}) =>
  callRoute(enterpriseRoute, { method: "PATCH", token, params: { enterpriseId }, path: `/api/v1/enterprises/${enterpriseId}`, body, headers });

describe("PATCH /enterprises/:id invoicing fields", () => {
  it("sets the legal identity, prefix and the issue-at-close choice, and GET shows them to its managers only", async () => {
    const me = await createUser();
    const stranger = await createUser();
    const hub = await createEnterprise(me, { name: "Green Hub", kind: "hub" });
    const res = await patch(hub.id, me.token, {
      legalName: " Green Hub SCIC SAS ",
      companyNumber: "912 345 678",
      vatNumber: "FR12912345678",
      invoicePrefix: "GH-26",
      invoiceAtClose: true,
    });
    expect(res.status).toBe(200);
    expect(await json(res)).toMatchObject({
      legalName: "Green Hub SCIC SAS",
      companyNumber: "912 345 678",
      vatNumber: "FR12912345678",
      invoicePrefix: "GH-26",
      invoiceAtClose: true,
    });
    const seen = await json(await callRoute(enterpriseRoute, { token: stranger.token, params: { enterpriseId: hub.id } }));
    expect(seen).not.toHaveProperty("legalName");
    expect(seen).not.toHaveProperty("invoicePrefix");
  });

  it("refuses a prefix that is empty, too long or holds anything but letters, digits and dashes (422 at the field), changing nothing", async () => {
    const me = await createUser();
    const hub = await createEnterprise(me, { name: "Green Hub", kind: "hub" });
    for (const invoicePrefix of ["", "ABCDEFGHIJK", "GH 26", "GH/26", "FAC_1", "é", 12]) {
      const res = await patch(hub.id, me.token, { name: "Renamed", legalName: "Green Hub SAS", invoicePrefix }, { "Accept-Language": "fr" });
      expect(res.status, String(invoicePrefix)).toBe(422);
      const body = await json(res);
      expect(Object.keys(body.error.fields)).toEqual(["invoicePrefix"]);
      if (typeof invoicePrefix === "string" && invoicePrefix !== "")
        expect(body.error.fields.invoicePrefix).toBe("Utilisez 1 à 10 lettres, chiffres ou tirets.");
    }
    expect(await row(hub.id)).toMatchObject({ name: "Green Hub", legalName: "", invoicePrefix: "" });
    expect((await patch(hub.id, me.token, { invoicePrefix: "ABCDEFGHIJ" })).status).toBe(200);
  });

  it("refuses the invoicing fields (403) to a holder of edit_profile, and their profile change with them", async () => {
    const owner = await createUser();
    const editor = await createUser();
    const farm = await createEnterprise(owner, { name: "Farm", kind: "producer" });
    const hub = await createEnterprise(editor, { name: "Hub", kind: "hub" });
    await grant(owner, farm.id, hub.id, ["edit_profile"]);
    expect((await patch(farm.id, editor.token, { description: "Edited", legalName: "Not mine SAS" })).status).toBe(403);
    expect(await row(farm.id)).toMatchObject({ description: "", legalName: "" });
    expect((await patch(farm.id, editor.token, { description: "Edited" })).status).toBe(200);
  });
});

describe("settings page, invoicing form", () => {
  it("saves the legal identity; an empty prefix box keeps the prefix; a bad prefix is told next to the field in the reader's language", async () => {
    const me = await createUser({ locale: "fr" });
    const hub = await createEnterprise(me, { name: "Hub", kind: "hub" });
    const cookie = await sessionCookie(me);
    const post = (form: Record<string, string>) =>
      callRoute(settingsRoute, { cookie, params: { enterpriseId: hub.id }, path: `/admin/enterprises/${hub.id}/settings`, form });
    const saved = await post({ intent: "invoicing", legalName: "Hub SAS", companyNumber: "123", vatNumber: "", invoicePrefix: "HUB", invoiceAtClose: "on" });
    expect(saved.status).toBe(200);
    expect(await json(saved)).toEqual({ ok: true, intent: "invoicing" });
    expect(await row(hub.id)).toMatchObject({ legalName: "Hub SAS", companyNumber: "123", invoicePrefix: "HUB", invoiceAtClose: true });
    await post({ intent: "invoicing", legalName: "Hub SAS", companyNumber: "123", vatNumber: "FR1", invoicePrefix: "" });
    expect(await row(hub.id)).toMatchObject({ vatNumber: "FR1", invoicePrefix: "HUB", invoiceAtClose: false });
    const refused = await post({ intent: "invoicing", legalName: "Other SAS", invoicePrefix: "H U B" });
    expect(refused.status).toBe(422);
    expect((await json(refused)).fieldErrors).toEqual({ invoicePrefix: "Utilisez 1 à 10 lettres, chiffres ou tirets." });
    expect(await row(hub.id)).toMatchObject({ legalName: "Hub SAS", invoicePrefix: "HUB" });
    const view = await json(await callRoute(settingsRoute, { cookie, params: { enterpriseId: hub.id }, path: `/admin/enterprises/${hub.id}/settings` }));
    expect(view.enterprise).toMatchObject({ legalName: "Hub SAS", invoicePrefix: "HUB" });
  });
});
