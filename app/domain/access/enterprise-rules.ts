// Who may do what to an enterprise (docs/domain.md section 3): pure functions over the caller's grants.

export const permissionNames = ["add_to_order_cycle", "manage_products", "edit_profile"] as const;
export type PermissionName = (typeof permissionNames)[number];

export type Grant = { grantorId: string; granteeId: string; permission: PermissionName };

/** What the rules need to know about a caller: the enterprises they manage and the grants those received. */
export type AccessContext = {
  userId: string;
  managed: ReadonlySet<string>;
  grantsReceived: readonly Grant[];
};

export function managesEnterprise(context: AccessContext, enterpriseId: string): boolean {
  return context.managed.has(enterpriseId);
}

/** An enterprise always holds every permission over itself; otherwise a grant to one of the caller's enterprises. */
export function holdsPermission(context: AccessContext, grantorId: string, permission: PermissionName): boolean {
  if (context.managed.has(grantorId)) return true;
  return context.grantsReceived.some((grant) => grant.grantorId === grantorId && grant.permission === permission && context.managed.has(grant.granteeId));
}

/** Settings, managers, permissions, fees, methods, customers: the enterprise's own managers only. */
export function canAdministerEnterprise(context: AccessContext, enterpriseId: string): boolean {
  return managesEnterprise(context, enterpriseId);
}

/** Granting and revoking permissions is administering: only the grantor's own managers. */
export function canGrantPermissions(context: AccessContext, grantorId: string): boolean {
  return canAdministerEnterprise(context, grantorId);
}

export function canEditProfile(context: AccessContext, enterpriseId: string): boolean {
  return holdsPermission(context, enterpriseId, "edit_profile");
}

export function canManageProducts(context: AccessContext, enterpriseId: string): boolean {
  return holdsPermission(context, enterpriseId, "manage_products");
}

/** The enterprises whose products this caller may edit: their own and those that granted manage_products. */
export function productManageableEnterpriseIds(context: AccessContext): string[] {
  const ids = new Set(context.managed);
  for (const grant of context.grantsReceived) {
    if (grant.permission === "manage_products" && context.managed.has(grant.granteeId)) ids.add(grant.grantorId);
  }
  return [...ids];
}

/** The enterprises this caller works with in the admin: managed ones and any that granted them something. */
export function adminVisibleEnterpriseIds(context: AccessContext): string[] {
  const ids = new Set(context.managed);
  for (const grant of context.grantsReceived) if (context.managed.has(grant.granteeId)) ids.add(grant.grantorId);
  return [...ids];
}

export type EnterpriseRights = { administer: boolean; editProfile: boolean; manageProducts: boolean; grantPermissions: boolean };

/** Every right of the caller over one enterprise, read from the rules above (for pages and read models). */
export function enterpriseRights(context: AccessContext, enterpriseId: string): EnterpriseRights {
  return {
    administer: canAdministerEnterprise(context, enterpriseId),
    editProfile: canEditProfile(context, enterpriseId),
    manageProducts: canManageProducts(context, enterpriseId),
    grantPermissions: canGrantPermissions(context, enterpriseId),
  };
}

export type EnterpriseAccess = {
  /** Managers: settings, managers, permissions, shop preferences. */
  canAdminister: boolean;
  /** Managers and holders of edit_profile: the profile fields. */
  canEditProfile: boolean;
};

/** What an enterprise's pages and its API answer tell the caller they may do there. */
export function accessTo(context: AccessContext, enterpriseId: string): EnterpriseAccess {
  return {
    canAdminister: canAdministerEnterprise(context, enterpriseId),
    canEditProfile: canEditProfile(context, enterpriseId),
  };
}
