// One invoice or credit note of an order, as printed: for its buyer (signed in, or with the order's
// emailed link) and the hub's side. The document is in the buyer's language; the page around it in the reader's.
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { Fragment } from "react";
import { useT } from "#app/i18n/use-t";
import { DomainError } from "#app/domain/errors";
import { invoiceDocument } from "#app/domain/invoices/document.server";
import { getInvoice } from "#app/domain/invoices/queries.server";
import { orderRequester } from "#app/http/order-requester.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.document.title ?? "Circuit" }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const orderId = params.orderId!;
  const { requester, key } = await orderRequester(request, orderId);
  const invoice = await getInvoice(requester, params.invoiceId!, { orderId }).catch((error) => {
    if (error instanceof DomainError) throw new Response("Not found", { status: 404 });
    throw error;
  });
  const query = key ? `?key=${encodeURIComponent(key)}` : "";
  return {
    document: invoiceDocument(invoice),
    pdfUrl: `/orders/${orderId}/invoices/${invoice.id}.pdf${query}`,
    // The hub's side goes back to its desk; the buyer to their order.
    orderUrl: requester.actor?.enterpriseIds.includes(invoice.distributorId)
      ? `/admin/order-cycles/${invoice.orderCycleId}/orders/${orderId}`
      : `/orders/${orderId}${query}`,
  };
}

export default function InvoicePage() {
  const { t } = useT("invoices");
  const { document: invoice, pdfUrl, orderUrl } = useLoaderData<typeof loader>();
  return (
    <main id="main" className="page page-invoice">
      <div className="invoice-actions no-print">
        <a href={orderUrl}>{t("back")}</a>
        <span className="row">
          <button type="button" className="button button-secondary" onClick={() => window.print()}>
            {t("print")}
          </button>
          <a className="button" href={pdfUrl}>
            {t("pdf")}
          </a>
        </span>
      </div>
      <article className="card invoice" lang={invoice.lang} aria-labelledby="invoice-title">
        <h1 id="invoice-title">{invoice.title}</h1>
        {invoice.notice ? <p className="alert alert-warning">{invoice.notice}</p> : null}
        <div className="invoice-parties">
          {invoice.parties.map((party) => (
            <section key={party.title}>
              <h2>{party.title}</h2>
              <p className="preserve-lines">{party.lines.join("\n")}</p>
            </section>
          ))}
        </div>
        <dl className="facts">
          {invoice.facts.map((fact) => (
            <Fragment key={fact.label}>
              <dt>{fact.label}</dt>
              <dd>{fact.value}</dd>
            </Fragment>
          ))}
        </dl>
        <h2 id="invoice-lines">{invoice.linesTitle}</h2>
        <div className="table-wrap" tabIndex={0} role="region" aria-labelledby="invoice-lines">
          <table className="invoice-lines">
            <thead>
              <tr>
                <th scope="col">{invoice.columns.description}</th>
                <th scope="col" className="num">
                  {invoice.columns.quantity}
                </th>
                <th scope="col" className="num">
                  {invoice.columns.unitExcl}
                </th>
                <th scope="col" className="num">
                  {invoice.columns.unitIncl}
                </th>
                <th scope="col" className="num">
                  {invoice.columns.rate}
                </th>
                <th scope="col" className="num">
                  {invoice.columns.totalExcl}
                </th>
                <th scope="col" className="num">
                  {invoice.columns.totalIncl}
                </th>
              </tr>
            </thead>
            <tbody>
              {invoice.lines.map((line, index) => (
                <tr key={index}>
                  <td>
                    {line.title}
                    {line.note ? <div className="muted small">{line.note}</div> : null}
                  </td>
                  <td className="num">{line.quantity}</td>
                  <td className="num">{line.unitExcl}</td>
                  <td className="num">{line.unitIncl}</td>
                  <td className="num">{line.rate}</td>
                  <td className="num">{line.totalExcl}</td>
                  <td className="num">{line.totalIncl}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
        <div className="invoice-summary">
          <table className="invoice-taxes">
            <caption>{invoice.taxesTitle}</caption>
            <thead>
              <tr>
                <th scope="col">{invoice.taxColumns.rate}</th>
                <th scope="col" className="num">
                  {invoice.taxColumns.base}
                </th>
                <th scope="col" className="num">
                  {invoice.taxColumns.tax}
                </th>
              </tr>
            </thead>
            <tbody>
              {invoice.taxes.map((rate) => (
                <tr key={rate.rate}>
                  <td>{rate.rate}</td>
                  <td className="num">{rate.base}</td>
                  <td className="num">{rate.tax}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <dl className="invoice-totals">
            {invoice.totals.map((total) => (
              <div key={total.label} className={total.grand ? "invoice-grand-total" : undefined}>
                <dt>{total.label}</dt>
                <dd className="num">{total.amount}</dd>
              </div>
            ))}
          </dl>
        </div>
        <p className="small">{invoice.payment}</p>
        <p className="muted small">{invoice.footnote}</p>
      </article>
    </main>
  );
}
