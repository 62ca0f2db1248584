// The access table of the enterprise endpoints, every caller x every action, through the API:
// what a caller may do answers 2xx, what it may see but not do answers 403 and changes nothing.
import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import * as enterpriseRoute from "#app/routes/api.v1.enterprises.$enterpriseId";
import * as managersRoute from "#app/routes/api.v1.enterprises.$enterpriseId.managers";
import * as permissionsRoute from "#app/routes/api.v1.enterprises.$enterpriseId.permissions";
import * as revokeRoute from "#app/routes/api.v1.enterprises.$enterpriseId.permissions.$granteeId";
import * as shopPreferencesRoute from "#app/routes/api.v1.enterprises.$enterpriseId.shop-preferences";
import { getDb } from "#db/connection.server";
import { enterpriseManagers, enterprisePermissions, enterprises } from "#db/schema";
import { callRoute } from "#tests/support/http";
import { createEnterprise, createUser, grant, type TestEnterprise, type TestUser } from "#tests/support/world";

type Caller = "owner" | "manager" | "holder of edit_profile" | "holder of manage_products" | "holder of add_to_order_cycle only" | "unrelated user" | "user with no enterprise";
type Action = "read" | "editProfile" | "shopPreferences" | "addManager" | "listPermissions" | "grantPermissions" | "revokePermissions";

const ok = { read: 200, editProfile: 200, shopPreferences: 200, addManager: 201, listPermissions: 200, grantPermissions: 201, revokePermissions: 204 } as const;
const refused = { read: 200, editProfile: 403, shopPreferences: 403, addManager: 403, listPermissions: 403, grantPermissions: 403, revokePermissions: 403 } as const;

const table: Record<Caller, Record<Action, number>> = {
  owner: ok,
  manager: ok,
  "holder of edit_profile": { ...refused, editProfile: 200 },
  "holder of manage_products": refused,
  "holder of add_to_order_cycle only": refused,
  "unrelated user": refused,
  "user with no enterprise": refused,
};

let farm: TestEnterprise;
let target: TestEnterprise;
let people: Record<Caller, TestUser>;

beforeAll(async () => {
  const owner = await createUser({ name: "Owner" });
  farm = await createEnterprise(owner, { name: "Farm", kind: "producer" });
  const manager = await createUser({ name: "Manager" });
  expect((await callRoute(managersRoute, { token: owner.token, params: { enterpriseId: farm.id }, body: { email: manager.email } })).status).toBe(201);
  people = { owner, manager } as Record<Caller, TestUser>;
  for (const [caller, permission] of [
    ["holder of edit_profile", "edit_profile"],
    ["holder of manage_products", "manage_products"],
    ["holder of add_to_order_cycle only", "add_to_order_cycle"],
  ] as const) {
    people[caller] = await createUser({ name: caller });
    const theirs = await createEnterprise(people[caller], { name: `Hub of ${caller}`, kind: "hub" });
    await grant(owner, farm.id, theirs.id, [permission]);
  }
  people["unrelated user"] = await createUser({ name: "Unrelated" });
  await createEnterprise(people["unrelated user"], { name: "Far Hub", kind: "hub" });
  people["user with no enterprise"] = await createUser({ name: "Nobody" });
  const targetOwner = await createUser();
  target = await createEnterprise(targetOwner, { name: "Target", kind: "hub" });
});

async function snapshot() {
  const db = getDb();
  return {
    farm: await db.select().from(enterprises).where(eq(enterprises.id, farm.id)),
    managers: await db.select().from(enterpriseManagers).where(eq(enterpriseManagers.enterpriseId, farm.id)).orderBy(enterpriseManagers.userId),
    grants: await db.select().from(enterprisePermissions).where(eq(enterprisePermissions.grantorId, farm.id)).orderBy(enterprisePermissions.granteeId, enterprisePermissions.permission),
  };
}

function call(action: Action, user: TestUser, enterpriseId: string) {
  const token = user.token;
  const params = { enterpriseId };
  switch (action) {
    case "read":
      return callRoute(enterpriseRoute, { token, params });
    case "editProfile":
      return callRoute(enterpriseRoute, { method: "PATCH", token, params, body: { description: `Edited by ${user.name}` } });
    case "shopPreferences":
      return callRoute(shopPreferencesRoute, { method: "PATCH", token, params, body: { orderCyclesSortedBy: "opens_at" } });
    case "addManager":
      return callRoute(managersRoute, { token, params, body: { email: `added-by-${user.id}@example.test` } });
    case "listPermissions":
      return callRoute(permissionsRoute, { token, params });
    case "grantPermissions":
      return callRoute(permissionsRoute, { token, params, body: { granteeId: target.id, permissions: ["add_to_order_cycle"] } });
    case "revokePermissions":
      return callRoute(revokeRoute, { method: "DELETE", token, params: { ...params, granteeId: target.id } });
  }
}

const rows = (Object.keys(table) as Caller[]).flatMap((caller) =>
  (Object.keys(table[caller]) as Action[]).map((action) => ({ caller, action, status: table[caller][action] })),
);

describe("enterprise endpoints, caller by action", () => {
  it.each(rows)("$caller → $action answers $status", async ({ caller, action, status }) => {
    const before = await snapshot();
    const res = await call(action, people[caller], farm.id);
    expect(res.status).toBe(status);
    if (status === 403) expect(await snapshot()).toEqual(before);
  });

  it.each(Object.keys(table) as Caller[])("%s gets 404 for every action on an enterprise that does not exist", async (caller) => {
    for (const action of Object.keys(ok) as Action[]) {
      expect((await call(action, people[caller], "no-such-enterprise")).status).toBe(404);
    }
  });
});
