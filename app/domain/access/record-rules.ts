// Who may see and change an enterprise's own records (products and variants, fees, shipping and
// payment methods): pure compositions of the enterprise rules, one per kind of record.
import {
  adminVisibleEnterpriseIds,
  canAdministerEnterprise,
  canManageProducts,
  holdsPermission,
  managesEnterprise,
  type AccessContext,
} from "./enterprise-rules";
import { hasShop, produces } from "#app/domain/enterprises/kinds";

/** `canSee` false answers 404 (the caller may not know the record); `canSee` without `canManage` answers 403. */
export type RecordAccess = { canManage: boolean; canSee: boolean };
export type CatalogueAccess = RecordAccess;
export type FeeAccess = RecordAccess;
export type MethodsAccess = RecordAccess;

/**
 * Managers of the enterprise and of enterprises it granted `manage_products` may change its
 * products. Enterprises it works with in cycles (`add_to_order_cycle`) see them in the cycle
 * editor, so for them a change is "visible but not allowed" (403); anyone else gets 404.
 */
export function catalogueAccess(context: AccessContext, enterpriseId: string): CatalogueAccess {
  const canManage = canManageProducts(context, enterpriseId);
  const canSee = canManage || managesEnterprise(context, enterpriseId) || holdsPermission(context, enterpriseId, "add_to_order_cycle");
  return { canManage, canSee };
}

/** Records only the enterprise's own managers change, which partners that work with it may read. */
function administeredRecordAccess(context: AccessContext, enterpriseId: string): RecordAccess {
  const canManage = canAdministerEnterprise(context, enterpriseId);
  return { canManage, canSee: canManage || adminVisibleEnterpriseIds(context).includes(enterpriseId) };
}

/** Only the enterprise's own managers change its fees; partners that work with it may read them. */
export const feeAccess: (context: AccessContext, enterpriseId: string) => FeeAccess = administeredRecordAccess;

/** A shop's customers (their emails and tags) are its own managers' alone: anyone else is not told they exist. */
export function customerAccess(context: AccessContext, enterpriseId: string): RecordAccess {
  const canManage = canAdministerEnterprise(context, enterpriseId);
  return { canManage, canSee: canManage };
}

/** Only the enterprise's own managers change its methods; its partners see them (in cycles), others do not. */
export const methodsAccess: (context: AccessContext, enterpriseId: string) => MethodsAccess = administeredRecordAccess;

/**
 * CSV imports and exports (docs/domain.md 3, "webhooks, imports"): the enterprise's own managers
 * only, as for its customers; anyone else is not told the list exists.
 */
export function importAccess(context: AccessContext, enterpriseId: string): RecordAccess {
  return customerAccess(context, enterpriseId);
}

export type ImportSubject = "products" | "customers";

/**
 * What an enterprise of this kind has to import: products when it produces, customers when it has
 * a shop (a producer without a shop has no customers to import, a plain hub no products).
 */
export function importsApplyTo(subject: ImportSubject, enterprise: { kind: string; isProducer: boolean; sellsOwnProducts: boolean }): boolean {
  return subject === "products" ? produces(enterprise) : hasShop(enterprise);
}
