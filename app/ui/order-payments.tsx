// The hub's payments panel on an order's page (docs/domain.md 9): what the order costs, what came
// in and went back, what is still due; a payment received and a refund, each a plain form post
// carrying an idempotency key, so a replayed submission records nothing twice.
import { Form, useNavigation } from "@remix-run/react";
import { useT } from "#app/i18n/use-t";
import { formatInstant, formatMoney } from "#app/i18n/format";
import { moneyInput } from "#app/domain/catalogue/forms";
import type { PaymentState } from "#app/domain/payments/balance";
import { ErrorSummary, keep, SelectField, TextAreaField, TextField, type FormResult } from "./form";
import { Money } from "./money";

type PaymentRecordView = {
  id: string;
  kind: string;
  method: string;
  amountCents: number;
  state: string;
  at: string;
  recordedBy: string | null;
  note: string;
};

export type OrderPaymentsView = {
  orderState: string;
  totalCents: number;
  paidCents: number;
  balanceCents: number;
  paymentState: PaymentState;
  records: PaymentRecordView[];
  /** The hub's calendar day: no later day can be chosen as the day money came in. */
  today: string;
  /** What card payments received through Stripe can still give back. */
  cardRefundableCents: number;
  idempotencyKey: string;
};

function paymentStateBadgeClass(state: PaymentState): string {
  if (state === "paid") return "badge-open";
  if (state === "overpaid" || state === "refunded") return "badge-neutral";
  return "badge-upcoming";
}

const recordStateClass: Record<string, string> = { pending: "badge-upcoming", failed: "badge-failed", refunded: "badge-neutral" };

export function OrderPayments({ view, result, notice, timeZone }: { view: OrderPaymentsView; result: FormResult; notice?: string; timeZone: string }) {
  const { t, i18n } = useT("cycles");
  const failed = (intent: string) => (result?.ok === false && result.intent === intent ? result : undefined);
  const showPaymentForm = view.orderState === "placed" || Boolean(failed("payment"));
  const showRefund = view.paidCents > 0 || Boolean(failed("refund"));
  return (
    <section className="card order-payments" aria-labelledby="payments-heading">
      <div className="card-title-row">
        <h3 id="payments-heading">{t("orderPayments.heading")}</h3>
        <span className={`badge ${paymentStateBadgeClass(view.paymentState)}`}>{t(`orders.paymentStates.${view.paymentState}`)}</span>
      </div>
      {/* The last success's word stays in the address; a later refusal answers instead of it. */}
      {notice && !result ? (
        <div className="alert alert-success" role="status">
          {notice}
        </div>
      ) : null}
      <dl className="facts payment-figures">
        <dt>{t("orderPayments.total")}</dt>
        <dd>
          <Money cents={view.totalCents} />
        </dd>
        <dt>{t("orderPayments.paid")}</dt>
        <dd>
          <Money cents={view.paidCents} />
        </dd>
        <dt>{view.balanceCents < 0 ? t("orderPayments.owedBack") : t("orderPayments.balance")}</dt>
        <dd>
          <strong>
            <Money cents={Math.abs(view.balanceCents)} />
          </strong>
        </dd>
      </dl>
      <h4 className="payment-records-heading">{t("orderPayments.records")}</h4>
      {view.records.length === 0 ? (
        <p className="muted">{t("orderPayments.none")}</p>
      ) : (
        <ol className="payment-records">
          {view.records.map((record) => (
            <li key={record.id}>
              <div className="payment-record-main">
                <strong>
                  {t(`orderPayments.kinds.${record.kind === "refund" ? "refund" : "payment"}`, { method: t(`orderPayments.methods.${record.method}`) })}
                </strong>
                <span className={record.kind === "refund" ? "money-out" : undefined}>
                  {record.kind === "refund" ? "− " : ""}
                  <Money cents={record.amountCents} />
                </span>
              </div>
              <div className="hint">
                {[formatInstant(record.at, timeZone, i18n.language), record.recordedBy ?? t("orderPayments.byStripe")].join(" · ")}{" "}
                {record.state !== "completed" ? (
                  <span className={`badge ${recordStateClass[record.state] ?? "badge-neutral"}`}>{t(`orderPayments.states.${record.state}`)}</span>
                ) : null}
              </div>
              {record.note ? <div className="order-history-note">{record.note}</div> : null}
            </li>
          ))}
        </ol>
      )}
      {/* Keyed by the page's fresh key: each answer draws the forms anew, so the amount offered is the new balance. */}
      {showPaymentForm ? (
        view.balanceCents > 0 ? (
          <RecordPaymentForm key={`payment-${view.idempotencyKey}`} view={view} result={failed("payment")} />
        ) : (
          // Nothing is due: recording more money is the exception, kept one click away.
          <details key={`payment-${view.idempotencyKey}`} className="payment-details no-print" open={Boolean(failed("payment"))}>
            <summary className="button button-secondary button-small">{t("orderPayments.record.open")}</summary>
            <RecordPaymentForm view={view} result={failed("payment")} />
          </details>
        )
      ) : null}
      {showRefund ? <RefundForm key={`refund-${view.idempotencyKey}`} view={view} result={failed("refund")} /> : null}
    </section>
  );
}

function RecordPaymentForm({ view, result }: { view: OrderPaymentsView; result: FormResult }) {
  const { t, i18n } = useT("cycles");
  const busy = useNavigation().formData?.get("intent") === "payment";
  const error = (name: string) => result?.fieldErrors?.[name];
  return (
    <Form method="post" className="payment-form no-print" aria-labelledby="record-payment-heading" noValidate>
      <h4 id="record-payment-heading">{t("orderPayments.record.heading")}</h4>
      <input type="hidden" name="intent" value="payment" />
      <input type="hidden" name="idempotencyKey" value={view.idempotencyKey} />
      <ErrorSummary result={result} />
      <div className="form-row">
        <TextField
          label={t("orderPayments.record.amount")}
          name="amount"
          inputMode="decimal"
          autoComplete="off"
          className="money-input"
          defaultValue={keep(result, "amount", view.balanceCents > 0 ? moneyInput(view.balanceCents, i18n.language) : "")}
          hint={view.balanceCents > 0 ? t("orderPayments.record.amountHint", { balance: formatMoney(view.balanceCents, i18n.language) }) : undefined}
          error={error("amount")}
        />
        <SelectField
          label={t("orderPayments.record.method")}
          name="method"
          defaultValue={keep(result, "method", "cash")}
          error={error("method")}
          options={["cash", "bank_transfer", "other"].map((method) => ({ value: method, label: t(`orderPayments.methods.${method}`) }))}
        />
        <TextField
          label={t("orderPayments.record.receivedOn")}
          name="receivedOn"
          type="date"
          max={view.today}
          defaultValue={keep(result, "receivedOn", "")}
          hint={t("orderPayments.record.receivedOnHint")}
          error={error("receivedOn")}
        />
      </div>
      <TextAreaField
        label={t("orderPayments.record.note")}
        name="note"
        rows={2}
        maxLength={500}
        defaultValue={keep(result, "note", "")}
        hint={t("orderPayments.record.noteHint")}
        error={error("note")}
      />
      <div className="form-actions">
        <button type="submit" className="button" disabled={busy}>
          {t("orderPayments.record.submit")}
        </button>
      </div>
    </Form>
  );
}

function RefundForm({ view, result }: { view: OrderPaymentsView; result: FormResult }) {
  const { t, i18n } = useT("cycles");
  const busy = useNavigation().formData?.get("intent") === "refund";
  const error = (name: string) => result?.fieldErrors?.[name];
  const byCard = view.cardRefundableCents > 0;
  const methods = [...(byCard ? ["card"] : []), "cash", "bank_transfer", "other"];
  return (
    <details className="payment-details no-print" open={Boolean(result)}>
      <summary className="button button-secondary button-small">{t("orderPayments.refund.open")}</summary>
      <Form method="post" className="payment-form" aria-labelledby="refund-heading" noValidate>
        <h4 id="refund-heading">{t("orderPayments.refund.heading")}</h4>
        <input type="hidden" name="intent" value="refund" />
        <input type="hidden" name="idempotencyKey" value={view.idempotencyKey} />
        <ErrorSummary result={result} />
        <div className="form-row">
          <TextField
            label={t("orderPayments.refund.amount")}
            name="refundAmount"
            inputMode="decimal"
            autoComplete="off"
            className="money-input"
            defaultValue={keep(result, "refundAmount", "")}
            hint={t("orderPayments.refund.amountHint", { paid: formatMoney(Math.max(view.paidCents, 0), i18n.language) })}
            error={error("refundAmount")}
          />
          <SelectField
            label={t("orderPayments.refund.method")}
            name="refundMethod"
            defaultValue={keep(result, "refundMethod", byCard ? "card" : "cash")}
            error={error("refundMethod")}
            hint={byCard ? t("orderPayments.refund.cardHint", { amount: formatMoney(view.cardRefundableCents, i18n.language) }) : undefined}
            options={methods.map((method) => ({ value: method, label: t(`orderPayments.refund.methods.${method}`) }))}
          />
        </div>
        <TextAreaField
          label={t("orderPayments.refund.reason")}
          name="reason"
          rows={2}
          maxLength={500}
          defaultValue={keep(result, "reason", "")}
          error={error("reason")}
        />
        <div className="form-actions">
          <button type="submit" className="button button-danger" disabled={busy}>
            {t("orderPayments.refund.submit")}
          </button>
        </div>
      </Form>
    </details>
  );
}
