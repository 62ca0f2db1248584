// The access table of docs/domain.md section 1, row by row: who may edit an enterprise's profile,
// administer it (managers, permissions, fees, methods), manage its products, and grant its permissions.
import { describe, expect, it } from "vitest";
import {
  adminVisibleEnterpriseIds,
  canAdministerEnterprise,
  canEditProfile,
  canGrantPermissions,
  canManageProducts,
  enterpriseRights,
  holdsPermission,
  productManageableEnterpriseIds,
  type AccessContext,
  type Grant,
  type PermissionName,
} from "#app/domain/access/enterprise-rules";

/** Farm is the enterprise under test; each caller manages the enterprises listed, and Farm granted some of them. */
const FARM = "farm";

function context(managed: string[], grantsReceived: Grant[] = []): AccessContext {
  return { userId: "u", managed: new Set(managed), grantsReceived };
}

function grantFromFarm(granteeId: string, ...permissions: PermissionName[]): Grant[] {
  return permissions.map((permission) => ({ grantorId: FARM, granteeId, permission }));
}

const callers: Record<string, AccessContext> = {
  owner: context([FARM]),
  manager: context([FARM, "other-shop"]),
  "holder of edit_profile": context(["hub"], grantFromFarm("hub", "edit_profile")),
  "holder of manage_products": context(["hub"], grantFromFarm("hub", "manage_products")),
  "holder of add_to_order_cycle only": context(["hub"], grantFromFarm("hub", "add_to_order_cycle")),
  "holder of every permission": context(["hub"], grantFromFarm("hub", "add_to_order_cycle", "manage_products", "edit_profile")),
  "unrelated user": context(["far"]),
  "user with no enterprise": context([]),
  // A grant to an enterprise the caller does not manage gives the caller nothing.
  "user holding a grant meant for someone else": context(["far"], grantFromFarm("hub", "edit_profile", "manage_products")),
  // Another enterprise's grant does not reach Farm.
  "holder of edit_profile from another enterprise": context(["hub"], [{ grantorId: "elsewhere", granteeId: "hub", permission: "edit_profile" }]),
};

type Row = { caller: keyof typeof callers; editProfile: boolean; administer: boolean; manageProducts: boolean; grantPermissions: boolean };

const table: Row[] = [
  { caller: "owner", editProfile: true, administer: true, manageProducts: true, grantPermissions: true },
  { caller: "manager", editProfile: true, administer: true, manageProducts: true, grantPermissions: true },
  { caller: "holder of edit_profile", editProfile: true, administer: false, manageProducts: false, grantPermissions: false },
  { caller: "holder of manage_products", editProfile: false, administer: false, manageProducts: true, grantPermissions: false },
  { caller: "holder of add_to_order_cycle only", editProfile: false, administer: false, manageProducts: false, grantPermissions: false },
  { caller: "holder of every permission", editProfile: true, administer: false, manageProducts: true, grantPermissions: false },
  { caller: "unrelated user", editProfile: false, administer: false, manageProducts: false, grantPermissions: false },
  { caller: "user with no enterprise", editProfile: false, administer: false, manageProducts: false, grantPermissions: false },
  { caller: "user holding a grant meant for someone else", editProfile: false, administer: false, manageProducts: false, grantPermissions: false },
  { caller: "holder of edit_profile from another enterprise", editProfile: false, administer: false, manageProducts: false, grantPermissions: false },
];

describe("who may do what to an enterprise", () => {
  it.each(table)("$caller: edit profile $editProfile, administer $administer, manage products $manageProducts, grant permissions $grantPermissions", (row) => {
    const caller = callers[row.caller];
    expect(canEditProfile(caller, FARM)).toBe(row.editProfile);
    expect(canAdministerEnterprise(caller, FARM)).toBe(row.administer);
    expect(canManageProducts(caller, FARM)).toBe(row.manageProducts);
    expect(canGrantPermissions(caller, FARM)).toBe(row.grantPermissions);
    expect(enterpriseRights(caller, FARM)).toEqual({
      editProfile: row.editProfile,
      administer: row.administer,
      manageProducts: row.manageProducts,
      grantPermissions: row.grantPermissions,
    });
    expect(productManageableEnterpriseIds(caller).includes(FARM)).toBe(row.manageProducts);
  });

  it("gives an enterprise every permission over itself", () => {
    for (const permission of ["add_to_order_cycle", "manage_products", "edit_profile"] as const) {
      expect(holdsPermission(callers.owner, FARM, permission)).toBe(true);
    }
  });

  it("implies nothing in the other direction: Farm's managers gain nothing over the hub it granted", () => {
    const farmManager = context([FARM]);
    const hubOwnGrants = context(["hub"], grantFromFarm("hub", "edit_profile", "manage_products"));
    expect(canEditProfile(farmManager, "hub")).toBe(false);
    expect(canManageProducts(farmManager, "hub")).toBe(false);
    expect(canEditProfile(hubOwnGrants, FARM)).toBe(true);
  });

  it("lists in the admin the enterprises a caller manages and those that granted them something", () => {
    expect(adminVisibleEnterpriseIds(callers["holder of add_to_order_cycle only"]).sort()).toEqual([FARM, "hub"]);
    expect(adminVisibleEnterpriseIds(callers["unrelated user"])).toEqual(["far"]);
    expect(adminVisibleEnterpriseIds(callers["user holding a grant meant for someone else"])).toEqual(["far"]);
  });
});
