// Who may see and change promo codes (docs/domain.md 3, "promo codes … its own codes and customers"):
// the owning enterprise's own managers only; anyone else is not told its codes exist.
import { canAdministerEnterprise, type AccessContext } from "./enterprise-rules";
import type { RecordAccess } from "./record-rules";

export function promoCodeAccess(context: AccessContext, enterpriseId: string): RecordAccess {
  const canManage = canAdministerEnterprise(context, enterpriseId);
  return { canManage, canSee: canManage };
}
