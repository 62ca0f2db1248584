// paymentFigures (app/domain/payments/balance.ts): paid = completed payments minus refunds, balance = total - paid.
import { describe, expect, it } from "vitest";
import { paymentFigures, type PaymentRecordFacts } from "#app/domain/payments/balance";

const pay = (amountCents: number, state = "completed"): PaymentRecordFacts => ({ kind: "payment", state, amountCents });
const refund = (amountCents: number, state = "completed"): PaymentRecordFacts => ({ kind: "refund", state, amountCents });

describe("paymentFigures", () => {
  it("an order without records is unpaid for its whole total", () => {
    expect(paymentFigures(2_000, [])).toEqual({ paidCents: 0, balanceCents: 2_000, paymentState: "unpaid" });
  });
  it("a part payment leaves the rest due", () => {
    expect(paymentFigures(2_000, [pay(500)])).toEqual({ paidCents: 500, balanceCents: 1_500, paymentState: "partially_paid" });
  });
  it("payments adding up to the total make it paid, beyond it overpaid with a negative balance", () => {
    expect(paymentFigures(2_000, [pay(500), pay(1_500)])).toEqual({ paidCents: 2_000, balanceCents: 0, paymentState: "paid" });
    expect(paymentFigures(1_800, [pay(2_000)])).toEqual({ paidCents: 2_000, balanceCents: -200, paymentState: "overpaid" });
  });
  it("pending and failed payments do not count; a payment marked refunded still counts, its refund takes it back", () => {
    expect(paymentFigures(2_000, [pay(2_000, "pending"), pay(2_000, "failed")]).paymentState).toBe("unpaid");
    expect(paymentFigures(2_000, [pay(2_000, "refunded"), refund(2_000)])).toEqual({ paidCents: 0, balanceCents: 2_000, paymentState: "refunded" });
  });
  it("a refund counts from the moment it is recorded (pending) until it fails", () => {
    expect(paymentFigures(2_000, [pay(2_000), refund(300, "pending")])).toEqual({ paidCents: 1_700, balanceCents: 300, paymentState: "partially_paid" });
    expect(paymentFigures(2_000, [pay(2_000), refund(300, "failed")]).paymentState).toBe("paid");
  });
  it("a lowered total after a card payment is overpaid until its refund, then paid", () => {
    expect(paymentFigures(1_500, [pay(2_000)]).paymentState).toBe("overpaid");
    expect(paymentFigures(1_500, [pay(2_000), refund(500, "pending")])).toEqual({ paidCents: 1_500, balanceCents: 0, paymentState: "paid" });
  });
  it("a free order owes nothing", () => {
    expect(paymentFigures(0, [])).toEqual({ paidCents: 0, balanceCents: 0, paymentState: "paid" });
  });
});
