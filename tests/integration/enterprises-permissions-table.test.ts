// The access table of the enterprise endpoints, every caller x every action, through the API:
// what a caller may do answers 2xx and changes exactly the rows it should (the whole database is
// compared, table by table); what it may see but not do answers 403 and changes nothing at all.
// Every role but the owner is played by two different people, who must get the same answers
// (an enterprise has one owner).
import { and, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import * as enterpriseRoute from "#app/routes/api.v1.enterprises.$enterpriseId";
import * as productsRoute from "#app/routes/api.v1.enterprises.$enterpriseId.products";
import * as managersRoute from "#app/routes/api.v1.enterprises.$enterpriseId.managers";
import * as managerRoute from "#app/routes/api.v1.enterprises.$enterpriseId.managers.$userId";
import * as invitationRoute from "#app/routes/api.v1.enterprises.$enterpriseId.invitations.$invitationId";
import * as customerRoute from "#app/routes/api.v1.enterprises.$enterpriseId.customers.$email";
import * as creditRoute from "#app/routes/api.v1.enterprises.$enterpriseId.customers.$email.credit";
import * as permissionsRoute from "#app/routes/api.v1.enterprises.$enterpriseId.permissions";
import * as revokeRoute from "#app/routes/api.v1.enterprises.$enterpriseId.permissions.$granteeId";
import * as shopPreferencesRoute from "#app/routes/api.v1.enterprises.$enterpriseId.shop-preferences";
import * as webhooksRoute from "#app/routes/api.v1.enterprises.$enterpriseId.webhooks";
import * as promoCodesRoute from "#app/routes/api.v1.enterprises.$enterpriseId.promo-codes";
import * as importProductsRoute from "#app/routes/api.v1.enterprises.$enterpriseId.imports.products";
import * as importCustomersRoute from "#app/routes/api.v1.enterprises.$enterpriseId.imports.customers";
import * as productsCsvRoute from "#app/routes/api.v1.enterprises.$enterpriseId.products[.]csv";
import * as customersCsvRoute from "#app/routes/api.v1.enterprises.$enterpriseId.customers[.]csv";
import * as productImagesRoute from "#app/routes/api.v1.products.$productId.images";
import { getDb } from "#db/connection.server";
import { customerCredits, customers, enterpriseManagers, enterprisePermissions, enterprises, managerInvitations, productImages, products } from "#db/schema";
import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { pictureOf } from "#tests/support/images";
import { setEnv } from "#tests/support/settings";
import { changesBetween, snapshotDatabase, type TableChange } from "#tests/support/db-snapshot";
import { callRoute } from "#tests/support/http";
import { createEnterprise, createUser, grant, type TestEnterprise, type TestUser } from "#tests/support/world";

type Role =
  | "owner"
  | "manager"
  | "holder of edit_profile"
  | "holder of manage_products"
  | "holder of add_to_order_cycle only"
  | "unrelated user"
  | "user with no enterprise";
type Action =
  | "read"
  | "editProfile"
  | "shopPreferences"
  | "marketingPreferences"
  | "addManager"
  | "removeManager"
  | "cancelInvitation"
  | "removeCustomer"
  | "readCustomer"
  | "readCredit"
  | "adjustCredit"
  | "listPermissions"
  | "grantPermissions"
  | "revokePermissions"
  | "createProduct"
  | "registerWebhook"
  | "listWebhooks"
  | "createPromoCode"
  | "listPromoCodes"
  | "importProducts"
  | "exportProducts"
  | "importCustomers"
  | "exportCustomers"
  | "setProductImage"
  | "removeProductImage";

const ok = {
  read: 200,
  editProfile: 200,
  shopPreferences: 200,
  marketingPreferences: 200,
  addManager: 201,
  removeManager: 204,
  cancelInvitation: 204,
  removeCustomer: 204,
  readCustomer: 200,
  readCredit: 200,
  adjustCredit: 201,
  listPermissions: 200,
  grantPermissions: 201,
  revokePermissions: 204,
  createProduct: 201,
  registerWebhook: 201,
  listWebhooks: 200,
  createPromoCode: 201,
  listPromoCodes: 200,
  importProducts: 200,
  exportProducts: 200,
  // The farm is a producer without a shop: it has no customers to import or export, even for its own managers.
  importCustomers: 403,
  exportCustomers: 403,
  setProductImage: 201,
  removeProductImage: 204,
} as const;
// An enterprise's webhooks and customers carry what its own managers see: to anyone else they do not exist (404).
const refused = {
  read: 200,
  editProfile: 403,
  shopPreferences: 403,
  marketingPreferences: 403,
  addManager: 403,
  removeManager: 403,
  cancelInvitation: 403,
  removeCustomer: 404,
  // Loyalty and customer credit (docs/domain.md 3): the shop's own managers, for its own customers.
  readCustomer: 404,
  readCredit: 404,
  adjustCredit: 404,
  listPermissions: 403,
  grantPermissions: 403,
  revokePermissions: 403,
  createProduct: 403,
  registerWebhook: 404,
  listWebhooks: 404,
  // Promo codes are the owner's own managers' alone (docs/domain.md 3): to anyone else they do not exist.
  createPromoCode: 404,
  listPromoCodes: 404,
  // Imports and exports are its own managers' alone (docs/domain.md 3), like its webhooks.
  importProducts: 404,
  exportProducts: 404,
  importCustomers: 404,
  exportCustomers: 404,
  // A product's image follows its catalogue: partners that only add the farm to cycles see the product (403), others do not (404).
  setProductImage: 404,
  removeProductImage: 404,
} as const;

const table: Record<Role, Record<Action, number>> = {
  owner: ok,
  manager: ok,
  "holder of edit_profile": { ...refused, editProfile: 200 },
  "holder of manage_products": { ...refused, createProduct: 201, setProductImage: 201, removeProductImage: 204 },
  "holder of add_to_order_cycle only": { ...refused, setProductImage: 403, removeProductImage: 403 },
  "unrelated user": refused,
  "user with no enterprise": refused,
};

/** What an allowed action changes in the whole database: tables and rows added / removed (a changed row is one of each). */
const changes: Record<Action, Record<string, TableChange>> = {
  read: {},
  listPermissions: {},
  editProfile: { enterprises: { added: 1, removed: 1 } },
  shopPreferences: { enterprises: { added: 1, removed: 1 } },
  marketingPreferences: { enterprises: { added: 1, removed: 1 } },
  // The address has no account yet: an invitation, and its email in the outbox.
  addManager: { manager_invitations: { added: 1, removed: 0 }, outbox_emails: { added: 1, removed: 0 } },
  removeManager: { enterprise_managers: { added: 0, removed: 1 } },
  cancelInvitation: { manager_invitations: { added: 0, removed: 1 } },
  removeCustomer: { customers: { added: 0, removed: 1 } },
  readCustomer: {},
  readCredit: {},
  // The balance row is made afresh before each call (prepare), so the adjustment inserts it.
  adjustCredit: { credit_entries: { added: 1, removed: 0 }, customer_credits: { added: 1, removed: 0 } },
  grantPermissions: { enterprise_permissions: { added: 1, removed: 0 } },
  revokePermissions: { enterprise_permissions: { added: 0, removed: 1 } },
  createProduct: { products: { added: 1, removed: 0 }, variants: { added: 2, removed: 0 } },
  registerWebhook: { webhook_endpoints: { added: 1, removed: 0 } },
  listWebhooks: {},
  createPromoCode: { promo_codes: { added: 1, removed: 0 } },
  listPromoCodes: {},
  importProducts: { products: { added: 1, removed: 0 }, variants: { added: 1, removed: 0 } },
  exportProducts: {},
  importCustomers: {},
  exportCustomers: {},
  setProductImage: { product_images: { added: 1, removed: 0 } },
  removeProductImage: { product_images: { added: 0, removed: 1 } },
};

/** Each allowed creation gets a code of its own (a code is unique per owner). */
let promoCodeCount = 0;

/** The owner is one person; every other role is played by two. */
type Caller = { role: Role; person: 1 | 2 };
const callers: Caller[] = (Object.keys(table) as Role[]).flatMap((role): Caller[] =>
  role === "owner"
    ? [{ role, person: 1 }]
    : [
        { role, person: 1 },
        { role, person: 2 },
      ],
);
const label = (caller: Caller) => (caller.role === "owner" ? "owner" : `${caller.role} (${caller.person === 1 ? "first" : "second"} person)`);

let farm: TestEnterprise;
/** The farm's product whose image the image actions set and remove. */
let farmProductId: string;
let picture: Buffer;
let target: TestEnterprise;
/** A manager of the farm that removeManager takes away (put back before each call). */
let spare: TestUser;
const SPARE_INVITATION = "spare-invitation";
const SPARE_CUSTOMER = "spare.customer@example.test";
const people = new Map<string, TestUser>();
const personOf = (caller: Caller) => people.get(label(caller))!;

beforeAll(async () => {
  const owner = await createUser({ name: "Owner" });
  farm = await createEnterprise(owner, { name: "Farm", kind: "producer" });
  people.set("owner", owner);
  for (const person of [1, 2] as const) {
    const manager = await createUser({ name: `Manager ${person}` });
    expect((await callRoute(managersRoute, { token: owner.token, params: { enterpriseId: farm.id }, body: { email: manager.email } })).status).toBe(201);
    people.set(label({ role: "manager", person }), manager);
    // Each holder manages an enterprise of their own that the farm granted the permission.
    for (const [role, permission] of [
      ["holder of edit_profile", "edit_profile"],
      ["holder of manage_products", "manage_products"],
      ["holder of add_to_order_cycle only", "add_to_order_cycle"],
    ] as const) {
      const holder = await createUser({ name: `${role} ${person}` });
      const theirs = await createEnterprise(holder, { name: `Hub ${person} of ${role}`, kind: "hub" });
      await grant(owner, farm.id, theirs.id, [permission]);
      people.set(label({ role, person }), holder);
    }
    const unrelated = await createUser({ name: `Unrelated ${person}` });
    await createEnterprise(unrelated, { name: `Far Hub ${person}`, kind: "hub" });
    people.set(label({ role: "unrelated user", person }), unrelated);
    people.set(label({ role: "user with no enterprise", person }), await createUser({ name: `Nobody ${person}` }));
  }
  const targetOwner = await createUser();
  target = await createEnterprise(targetOwner, { name: "Target", kind: "hub" });
  spare = await createUser({ name: "Spare manager" });
  setEnv({ DATA_DIR: await mkdtemp(path.join(tmpdir(), "circuit-permissions-")) });
  [{ id: farmProductId }] = await getDb().insert(products).values({ enterpriseId: farm.id, name: "Pictured squash" }).returning({ id: products.id });
  picture = await pictureOf(320, 240);
});

async function farmRow() {
  const [row] = await getDb().select().from(enterprises).where(eq(enterprises.id, farm.id));
  return row;
}

/** Puts the world where the action has something to do (a grant to add or to revoke), before the snapshot. */
async function prepare(action: Action) {
  const db = getDb();
  const targetGrant = and(eq(enterprisePermissions.grantorId, farm.id), eq(enterprisePermissions.granteeId, target.id));
  if (action === "grantPermissions") await db.delete(enterprisePermissions).where(targetGrant);
  if (action === "revokePermissions")
    await db.insert(enterprisePermissions).values({ grantorId: farm.id, granteeId: target.id, permission: "add_to_order_cycle" }).onConflictDoNothing();
  if (action === "removeManager") await db.insert(enterpriseManagers).values({ enterpriseId: farm.id, userId: spare.id }).onConflictDoNothing();
  if (action === "cancelInvitation")
    await db
      .insert(managerInvitations)
      .values({ id: SPARE_INVITATION, enterpriseId: farm.id, email: "spare.invitee@example.test", invitedById: people.get("owner")!.id })
      .onConflictDoNothing();
  // The image to set is not there yet; the image to remove is.
  if (action === "setProductImage") await db.delete(productImages).where(eq(productImages.productId, farmProductId));
  if (action === "removeProductImage")
    await db
      .insert(productImages)
      .values({ productId: farmProductId, hash: "0".repeat(32), width: 320, height: 240 })
      .onConflictDoNothing();
  if (action === "removeCustomer" || action === "readCustomer" || action === "readCredit" || action === "adjustCredit")
    await db.insert(customers).values({ id: "spare-customer", distributorId: farm.id, email: SPARE_CUSTOMER }).onConflictDoNothing();
  if (action === "adjustCredit") await db.delete(customerCredits).where(eq(customerCredits.distributorId, farm.id));
}

async function call(action: Action, user: TestUser, enterpriseId: string) {
  const token = user.token;
  const params = { enterpriseId };
  switch (action) {
    case "read":
      return callRoute(enterpriseRoute, { token, params });
    case "editProfile":
      return callRoute(enterpriseRoute, { method: "PATCH", token, params, body: { description: `Edited by ${user.id}` } });
    case "shopPreferences": {
      // The other sort than the current one, so that an allowed call always has a change to make.
      const current = enterpriseId === farm.id ? (await farmRow()).orderCyclesSortedBy : "closes_at";
      return callRoute(shopPreferencesRoute, {
        method: "PATCH",
        token,
        params,
        body: { orderCyclesSortedBy: current === "opens_at" ? "closes_at" : "opens_at" },
      });
    }
    case "marketingPreferences": {
      // Announcements and the closing reminder (decision 0053): the other value than the current one, so an allowed call changes something.
      const announcing = enterpriseId === farm.id ? (await farmRow()).announceOpenCycles : false;
      return callRoute(shopPreferencesRoute, {
        method: "PATCH",
        token,
        params,
        body: { announceOpenCycles: !announcing, closingReminderHours: announcing ? 24 : 6 },
      });
    }
    case "addManager":
      return callRoute(managersRoute, { token, params, body: { email: `added-by-${user.id}@example.test` } });
    case "removeManager":
      return callRoute(managerRoute, { method: "DELETE", token, params: { ...params, userId: spare.id } });
    case "cancelInvitation":
      return callRoute(invitationRoute, { method: "DELETE", token, params: { ...params, invitationId: SPARE_INVITATION } });
    case "removeCustomer":
      return callRoute(customerRoute, { method: "DELETE", token, params: { ...params, email: SPARE_CUSTOMER.toUpperCase() } });
    case "readCustomer":
      return callRoute(customerRoute, { token, params: { ...params, email: SPARE_CUSTOMER } });
    case "readCredit":
      return callRoute(creditRoute, { token, params: { ...params, email: SPARE_CUSTOMER } });
    case "adjustCredit":
      return callRoute(creditRoute, { token, params: { ...params, email: SPARE_CUSTOMER }, body: { amountCents: 150, note: `Given by ${user.id}` } });
    case "listPermissions":
      return callRoute(permissionsRoute, { token, params });
    case "grantPermissions":
      return callRoute(permissionsRoute, { token, params, body: { granteeId: target.id, permissions: ["add_to_order_cycle"] } });
    case "revokePermissions":
      return callRoute(revokeRoute, { method: "DELETE", token, params: { ...params, granteeId: target.id } });
    case "registerWebhook":
      // A public address, written as one so no name needs resolving.
      return callRoute(webhooksRoute, { token, params, body: { url: "https://93.184.215.14/hooks", events: ["order.placed"] } });
    case "listWebhooks":
      return callRoute(webhooksRoute, { token, params });
    case "createPromoCode":
      promoCodeCount += 1;
      return callRoute(promoCodesRoute, { token, params, body: { code: `TABLE${promoCodeCount}`, kind: "percent", percent: 10 } });
    case "listPromoCodes":
      return callRoute(promoCodesRoute, { token, params });
    case "importProducts":
      return callRoute(importProductsRoute, {
        token,
        params,
        headers: { "Content-Type": "text/csv" },
        body: `product,variant,price\nImported by ${user.id},1 kg,4.20\n`,
      });
    case "exportProducts":
      return callRoute(productsCsvRoute, { token, params });
    case "importCustomers":
      return callRoute(importCustomersRoute, { token, params, headers: { "Content-Type": "text/csv" }, body: `email\nimported-by-${user.id}@example.test\n` });
    case "exportCustomers":
      return callRoute(customersCsvRoute, { token, params });
    case "setProductImage":
      return callRoute(productImagesRoute, {
        token,
        params: { productId: enterpriseId === farm.id ? farmProductId : "no-such-product" },
        headers: { "Content-Type": "image/jpeg" },
        body: picture,
      });
    case "removeProductImage":
      return callRoute(productImagesRoute, { method: "DELETE", token, params: { productId: enterpriseId === farm.id ? farmProductId : "no-such-product" } });
    case "createProduct":
      return callRoute(productsRoute, {
        token,
        params,
        body: {
          name: `Beans of ${user.id}`,
          variants: [
            { name: "500 g", priceCents: 320, stock: 8 },
            { name: "1 kg", priceCents: 600, stock: null },
          ],
        },
      });
  }
}

/** Beyond the count of rows: the rows that changed are the ones the action names. */
async function expectTheIntendedRows(action: Action, user: TestUser) {
  const db = getDb();
  switch (action) {
    case "editProfile":
      expect((await farmRow()).description).toBe(`Edited by ${user.id}`);
      return;
    case "addManager":
      expect(
        await db
          .select()
          .from(managerInvitations)
          .where(and(eq(managerInvitations.enterpriseId, farm.id), eq(managerInvitations.email, `added-by-${user.id}@example.test`))),
      ).toHaveLength(1);
      return;
    case "removeManager":
      expect(
        await db
          .select()
          .from(enterpriseManagers)
          .where(and(eq(enterpriseManagers.enterpriseId, farm.id), eq(enterpriseManagers.userId, spare.id))),
      ).toHaveLength(0);
      return;
    case "cancelInvitation":
      expect(await db.select().from(managerInvitations).where(eq(managerInvitations.id, SPARE_INVITATION))).toHaveLength(0);
      return;
    case "removeCustomer":
      expect(await db.select().from(customers).where(eq(customers.distributorId, farm.id))).toHaveLength(0);
      return;
    case "grantPermissions":
    case "revokePermissions": {
      const grants = await db
        .select()
        .from(enterprisePermissions)
        .where(and(eq(enterprisePermissions.grantorId, farm.id), eq(enterprisePermissions.granteeId, target.id)));
      expect(grants.map((row) => row.permission)).toEqual(action === "grantPermissions" ? ["add_to_order_cycle"] : []);
      return;
    }
    case "importProducts":
      expect(
        await db
          .select()
          .from(products)
          .where(and(eq(products.enterpriseId, farm.id), eq(products.name, `Imported by ${user.id}`))),
      ).toHaveLength(1);
      return;
    case "createProduct":
      expect(
        await db
          .select()
          .from(products)
          .where(and(eq(products.enterpriseId, farm.id), eq(products.name, `Beans of ${user.id}`))),
      ).toHaveLength(1);
      return;
    default:
      return;
  }
}

const rows = callers.flatMap((caller) =>
  (Object.keys(table[caller.role]) as Action[]).map((action) => ({ who: label(caller), caller, action, status: table[caller.role][action] })),
);

describe("enterprise endpoints, caller by action", () => {
  it.each(rows)("$who → $action answers $status", async ({ caller, action, status }) => {
    const user = personOf(caller);
    await prepare(action);
    const before = await snapshotDatabase();
    const res = await call(action, user, farm.id);
    expect(res.status, await res.clone().text()).toBe(status);
    const changed = changesBetween(before, await snapshotDatabase());
    if (status === 403 || status === 404) {
      expect(changed).toEqual({});
      expect((await res.json()).error.code).toBe(status === 403 ? "forbidden" : "not_found");
      return;
    }
    expect(changed).toEqual(changes[action]);
    await expectTheIntendedRows(action, user);
  });

  it.each(callers.map((caller) => [label(caller), caller] as const))(
    "%s gets 404 for every action on an enterprise that does not exist, and nothing changes",
    async (_, caller) => {
      const before = await snapshotDatabase();
      for (const action of Object.keys(ok) as Action[]) {
        expect((await call(action, personOf(caller), "no-such-enterprise")).status).toBe(404);
      }
      expect(changesBetween(before, await snapshotDatabase())).toEqual({});
    },
  );
});
