// What an order has paid and still owes, from its payment records alone (docs/domain.md 9,
// decision 0033). Pure; balance.server.ts holds the one SQL form of the same rules.

export const paymentMethodsRecorded = ["card", "cash", "bank_transfer", "credit", "other"] as const;
export type PaymentRecordMethod = (typeof paymentMethodsRecorded)[number];
export type PaymentRecordState = "pending" | "completed" | "failed" | "refunded";
export const paymentStates = ["unpaid", "partially_paid", "paid", "overpaid", "refunded"] as const;
export type PaymentState = (typeof paymentStates)[number];

export type PaymentRecordFacts = { kind: "payment" | "refund" | string; state: PaymentRecordState | string; amountCents: number };

export type PaymentFigures = { paidCents: number; balanceCents: number; paymentState: PaymentState };

/**
 * A payment counts once it is completed (a payment marked `refunded` was received, and its refunds
 * give the money back). A refund counts from the moment it is recorded (`pending`: it is owed back
 * and may not be given twice) until it fails.
 */
export const countsAsReceived = (record: PaymentRecordFacts) => record.kind === "payment" && (record.state === "completed" || record.state === "refunded");
export const countsAsRefunded = (record: PaymentRecordFacts) => record.kind === "refund" && (record.state === "pending" || record.state === "completed");

export function paymentFigures(totalCents: number, records: readonly PaymentRecordFacts[]): PaymentFigures {
  let received = 0;
  let refunded = 0;
  for (const record of records) {
    if (countsAsReceived(record)) received += record.amountCents;
    else if (countsAsRefunded(record)) refunded += record.amountCents;
  }
  const paidCents = received - refunded;
  return { paidCents, balanceCents: totalCents - paidCents, paymentState: stateOf(totalCents, paidCents, refunded) };
}

/** The state from the figures; the SQL form (balance.server.ts) spells the same cases. */
export function stateOf(totalCents: number, paidCents: number, refundedCents: number): PaymentState {
  if (paidCents <= 0) {
    if (refundedCents > 0) return "refunded";
    return totalCents <= 0 ? "paid" : "unpaid";
  }
  if (paidCents < totalCents) return "partially_paid";
  return paidCents === totalCents ? "paid" : "overpaid";
}
