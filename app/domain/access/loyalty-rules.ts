// Who may see and move a shop's customer credit (docs/domain.md 3, "loyalty, customer credit"):
// the distributor's own managers, for its own customers; anyone else is not told the credit exists.
import { canAdministerEnterprise, type AccessContext } from "./enterprise-rules";
import type { RecordAccess } from "./record-rules";

export function creditAccess(context: AccessContext, distributorId: string): RecordAccess {
  const canManage = canAdministerEnterprise(context, distributorId);
  return { canManage, canSee: canManage };
}
