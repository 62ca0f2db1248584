// What the buyer has paid for an order (docs/domain.md 9): paid so far, what is still due when the
// total rose after a payment (an adjustment after the close) and how to pay it, and each refund.
import { useT } from "#app/i18n/use-t";
import { formatInstant, formatMoney } from "#app/i18n/format";
import { Money } from "./money";

type BuyerRefundView = { id: string; amountCents: number; method: string; state: string; at: string };

export type BuyerPaymentsView = {
  orderState: string;
  paymentKind: string | null;
  totalCents: number;
  paidCents: number;
  balanceCents: number;
  /** Whether any money came in or went back: an order not paid at all says so in its "how to pay". */
  hasRecords: boolean;
  refunds: BuyerRefundView[];
};

export function BuyerPayments({ view, timeZone }: { view: BuyerPaymentsView; timeZone: string }) {
  const { t, i18n } = useT("shop");
  if (!view.hasRecords) return null;
  const money = (cents: number) => formatMoney(cents, i18n.language);
  const due = view.orderState === "placed" && view.balanceCents > 0;
  const how = view.paymentKind === "stripe" || view.paymentKind === "bank_transfer" ? view.paymentKind : "cash";
  return (
    <section className="card buyer-payments" aria-labelledby="buyer-payments-heading">
      <h2 id="buyer-payments-heading">{t("buyerPayments.heading")}</h2>
      <dl className="facts">
        <dt>{t("buyerPayments.total")}</dt>
        <dd>
          <Money cents={view.totalCents} />
        </dd>
        <dt>{t("buyerPayments.paid")}</dt>
        <dd>
          <Money cents={view.paidCents} />
        </dd>
        {due ? (
          <>
            <dt>{t("buyerPayments.balance")}</dt>
            <dd>
              <strong>
                <Money cents={view.balanceCents} />
              </strong>
            </dd>
          </>
        ) : null}
        {view.balanceCents < 0 ? (
          <>
            <dt>{t("buyerPayments.owedBack")}</dt>
            <dd>
              <Money cents={-view.balanceCents} />
            </dd>
          </>
        ) : null}
      </dl>
      {due ? (
        <p className="instructions" role="note">
          {t("buyerPayments.dueText", { paid: money(view.paidCents), total: money(view.totalCents), balance: money(view.balanceCents) })}{" "}
          {t(`buyerPayments.how.${how}`)}
        </p>
      ) : null}
      {view.refunds.length ? (
        <ul className="buyer-refunds">
          {view.refunds.map((refund) => (
            <li key={refund.id}>
              {t(refund.state === "pending" ? "buyerPayments.refundPending" : "buyerPayments.refunded", {
                amount: money(refund.amountCents),
                method: t(`buyerPayments.methods.${refund.method}`),
                when: formatInstant(refund.at, timeZone, i18n.language),
              })}
            </li>
          ))}
        </ul>
      ) : null}
    </section>
  );
}
