// Credit paying part or all of an order at checkout (docs/domain.md 13, decision 0052), in the
// order's transaction: the balance is taken by one conditional statement, the payment recorded
// with method `credit`, so paidCents, balanceCents and paymentState count it like any payment.
import type { Executor } from "#db/connection.server";
import { payments } from "#db/schema";
import { invalidField } from "#app/domain/errors";
import { emitPaidIfSettled } from "#app/domain/payments/paid-event.server";
import { moveCredit } from "./ledger.server";
import { creditUseRefusal } from "./rules";

export type CreditUse = { orderId: string; distributorId: string; email: string; userId: string | null; amountCents: number; totalCents: number; now: Date };

/** Takes the credit for a just-written order, or refuses at `useCreditCents` (the transaction then writes nothing). */
export async function payWithCredit(tx: Executor, use: CreditUse): Promise<void> {
  if (use.amountCents <= 0) return;
  // The balance is the statement's to check: it is read here only to word a refusal.
  const early = creditUseRefusal({
    amountCents: use.amountCents,
    signedIn: use.userId !== null,
    balanceCents: Number.MAX_SAFE_INTEGER,
    totalCents: use.totalCents,
  });
  if (early) throw invalidField("useCreditCents", early, { totalCents: use.totalCents });
  const moved = await moveCredit(tx, {
    distributorId: use.distributorId,
    email: use.email,
    kind: "spent",
    amountCents: -use.amountCents,
    orderId: use.orderId,
    recordedByUserId: use.userId,
    entryKey: `spent:${use.orderId}`,
    now: use.now,
  });
  if ("insufficient" in moved) throw invalidField("useCreditCents", "creditAboveBalance", { balanceCents: moved.balanceCents });
  await tx.insert(payments).values({
    orderId: use.orderId,
    kind: "payment",
    method: "credit",
    amountCents: use.amountCents,
    state: "completed",
    occurredAt: use.now,
    recordedByUserId: use.userId,
    note: "",
  });
  await emitPaidIfSettled(tx, use.orderId, use.amountCents, use.now);
}
