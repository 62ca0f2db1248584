// Who may see and change an enterprise's shipping and payment methods: composes the pure enterprise rules.
import { adminVisibleEnterpriseIds, canAdministerEnterprise, type AccessContext } from "#app/domain/access/enterprise-rules";

export type MethodsAccess = { canManage: boolean; canSee: boolean };

/** Only the enterprise's own managers change its methods; its partners see them (in cycles), others do not. */
export function methodsAccess(context: AccessContext, enterpriseId: string): MethodsAccess {
  const canManage = canAdministerEnterprise(context, enterpriseId);
  return { canManage, canSee: canManage || adminVisibleEnterpriseIds(context).includes(enterpriseId) };
}
