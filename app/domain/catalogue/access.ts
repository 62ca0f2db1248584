// Who may see and change an enterprise's catalogue: composes the pure enterprise rules.
import {
  canManageProducts,
  holdsPermission,
  managesEnterprise,
  type AccessContext,
} from "#app/domain/access/enterprise-rules";

export type CatalogueAccess = { canManage: boolean; canSee: boolean };

/**
 * Managers of the enterprise and of enterprises it granted `manage_products` may change its
 * products. Enterprises it works with in cycles (`add_to_order_cycle`) see them in the cycle
 * editor, so for them a change is "visible but not allowed" (403); anyone else gets 404.
 */
export function catalogueAccess(context: AccessContext, enterpriseId: string): CatalogueAccess {
  const canManage = canManageProducts(context, enterpriseId);
  const canSee =
    canManage || managesEnterprise(context, enterpriseId) || holdsPermission(context, enterpriseId, "add_to_order_cycle");
  return { canManage, canSee };
}
