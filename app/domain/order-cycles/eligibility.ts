// Who may join a cycle (docs/domain.md section 2), as pure functions: the editor lists candidates
// with these reasons and the commands refuse with them, so the two can never disagree.
import { hasShop, produces } from "#app/domain/enterprises/kinds";

/** Why an enterprise cannot distribute a coordinator's cycles; empty when it can. */
export type DistributorIneligibility = "not_a_shop" | "no_permission" | "no_shipping_method" | "no_payment_method";

export type DistributorFacts = {
  enterprise: { kind: string; sellsOwnProducts: boolean };
  /** It granted add_to_order_cycle to the coordinator. */
  grantedToCoordinator: boolean;
  /** Its shipping and payment methods in use (archived ones do not count). */
  liveShippingMethods: number;
  livePaymentMethods: number;
};

export function distributorIneligibility(facts: DistributorFacts): DistributorIneligibility[] {
  const reasons: DistributorIneligibility[] = [];
  if (!hasShop(facts.enterprise)) reasons.push("not_a_shop");
  if (!facts.grantedToCoordinator) reasons.push("no_permission");
  if (facts.liveShippingMethods === 0) reasons.push("no_shipping_method");
  if (facts.livePaymentMethods === 0) reasons.push("no_payment_method");
  return reasons;
}

/** A supplier brings products: it must produce them and have granted add_to_order_cycle to the coordinator. */
export function canSupply(enterprise: { kind: string; isProducer: boolean }, grantedToCoordinator: boolean): boolean {
  return produces(enterprise) && grantedToCoordinator;
}
