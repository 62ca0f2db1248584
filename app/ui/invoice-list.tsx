// An order's invoices and credit notes, for its buyer's page and the hub's: each links to the
// printable document. The hub's side may also issue one (a form posting `intent=issueInvoice`).
import { Form } from "@remix-run/react";
import { useT } from "#app/i18n/use-t";
import { formatInstant } from "#app/i18n/format";
import { Money } from "./money";

export type InvoiceLink = { id: string; number: string; kind: "invoice" | "credit_note"; issuedAt: string; totalCents: number; credited: boolean };

export function InvoiceList({
  invoices,
  href,
  timeZone,
  canIssue = false,
  notice,
  headingLevel = 2,
}: {
  invoices: readonly InvoiceLink[];
  href: (invoiceId: string) => string;
  timeZone: string;
  canIssue?: boolean;
  notice?: string;
  /** The buyer's page titles its cards h2, the hub's order page h3. */
  headingLevel?: 2 | 3;
}) {
  const { t, i18n } = useT("invoices");
  if (invoices.length === 0 && !canIssue) return null;
  const Heading = headingLevel === 3 ? "h3" : "h2";
  const live = invoices.some((invoice) => invoice.kind === "invoice" && !invoice.credited);
  return (
    <section className="card no-print" aria-labelledby="invoices-heading">
      <div className="card-title-row">
        <Heading id="invoices-heading">{t("list.title")}</Heading>
        {canIssue ? (
          <Form method="post">
            <input type="hidden" name="intent" value="issueInvoice" />
            <button type="submit" className="button button-secondary button-small">
              {live ? t("list.issueAgain") : t("list.issue")}
            </button>
          </Form>
        ) : null}
      </div>
      {notice ? (
        <p className="alert alert-success" role="status">
          {notice}
        </p>
      ) : null}
      {invoices.length === 0 ? (
        <p className="muted">{t("list.empty")}</p>
      ) : (
        <ul className="invoice-list">
          {invoices.map((invoice) => (
            <li key={invoice.id}>
              <a href={href(invoice.id)}>{`${t(`kind.${invoice.kind}`)} ${invoice.number}`}</a>
              <span className="muted small">{formatInstant(invoice.issuedAt, timeZone, i18n.language, { withWeekday: false })}</span>
              <Money cents={invoice.totalCents} />
              {invoice.credited ? <span className="badge badge-closed">{t("list.credited")}</span> : null}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
