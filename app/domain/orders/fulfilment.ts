// Where and when a buyer collects or receives an order, as every page and email tells it. A pickup
// point's time belongs to the cycle (the outgoing exchange's), the method's usual hours being the
// default; a delivery is told the delivery's details only, never the pickup point's instructions.
// Pure.

/** When a pickup point opens for a cycle: the exchange's time for it, else the method's usual hours. */
export function pickupHoursFor(
  pickupTimes: Readonly<Record<string, string>> | null | undefined,
  shippingMethodId: string | null | undefined,
  methodHours: string | null | undefined,
): string {
  const forCycle = shippingMethodId ? pickupTimes?.[shippingMethodId]?.trim() : "";
  return forCycle || methodHours || "";
}

export type FulfilmentFacts = {
  shippingMethodId: string | null;
  shippingKind: string | null;
  shippingName: string | null;
  shippingAddress: string | null;
  shippingDescription: string | null;
  openingHours: string | null;
  pickupTimes: Readonly<Record<string, string>> | null;
  pickupInstructions: string | null;
  deliveryAddress: string;
};

export function fulfilmentOf(facts: FulfilmentFacts) {
  if (facts.shippingKind === "delivery") {
    return {
      isDelivery: true,
      where: [facts.shippingName, facts.deliveryAddress].filter(Boolean).join(" · "),
      openingHours: "",
      deliveryDetails: facts.shippingDescription ?? "",
      pickupInstructions: "",
    };
  }
  const openingHours = pickupHoursFor(facts.pickupTimes, facts.shippingMethodId, facts.openingHours);
  return {
    isDelivery: false,
    where: [facts.shippingName, facts.shippingAddress, openingHours].filter(Boolean).join(" · "),
    openingHours,
    deliveryDetails: "",
    pickupInstructions: facts.pickupInstructions ?? "",
  };
}
