// A shop's invoices of a cycle (docs/domain.md 10): every invoice and credit note in number order, a
// hundred at a time, with the count and what is invoiced; each opens its page; one PDF of them all;
// issuing the missing ones. That shop's managers and the coordinator's.
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData, useParams } from "@remix-run/react";
import { requireUserPage } from "#app/auth/actor.server";
import { invoiceListCursor, shopInvoiceList } from "#app/domain/invoices/queries.server";
import { pageError } from "#app/http/pages.server";
import { formatInstant } from "#app/i18n/format";
import { useT } from "#app/i18n/use-t";
import { Money } from "#app/ui/money";
import { pageTitle } from "#app/ui/page-title";
import { useCycleEditor } from "./admin.order-cycles.$cycleId";

export const meta: MetaFunction<typeof loader> = ({ matches }) => [{ title: pageTitle(matches, "invoices") }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const caller = await requireUserPage(request);
  const after = invoiceListCursor(new URL(request.url).searchParams.get("after"));
  return shopInvoiceList(caller.actor, params.cycleId!, params.distributorId!, { after }).catch(pageError);
}

export default function ShopInvoiceList() {
  const { t, i18n } = useT("invoices");
  const { items, nextAfter, figures } = useLoaderData<typeof loader>();
  const { cycleId, distributorId } = useParams();
  const editor = useCycleEditor();
  const shop = editor.cycle.outgoing.find((exchange) => exchange.distributor.id === distributorId)?.distributor;
  const when = (instant: string) => formatInstant(instant, editor.coordinatorTimeZone, i18n.language, { compact: true });
  return (
    <section aria-labelledby="shop-invoice-list-heading">
      <div className="page-header">
        <div>
          <h2 id="shop-invoice-list-heading">{t("shopList.title", { shop: shop?.name ?? "" })}</h2>
          <p className="muted">
            {t("shopList.invoiceCount", { count: figures.invoices })}
            {figures.creditNotes > 0 ? `, ${t("shopList.creditNoteCount", { count: figures.creditNotes })}` : ""} · {t("shopList.invoiced")}{" "}
            <Money cents={figures.invoicedCents} />
          </p>
        </div>
        <div className="row no-print">
          <Form method="post" action={`/admin/order-cycles/${cycleId}/shop-invoices/${distributorId}`}>
            <button type="submit" className="button button-secondary button-small">
              {t("list.issueAll")}
            </button>
          </Form>
          <a className="button button-secondary button-small" href={`/api/v1/order-cycles/${cycleId}/outgoing/${distributorId}/invoices.pdf`}>
            {t("list.allPdf")}
          </a>
        </div>
      </div>
      {items.length === 0 ? (
        <div className="card empty">{t("list.empty")}</div>
      ) : (
        <div className="table-wrap" tabIndex={0} role="region" aria-labelledby="shop-invoice-list-heading">
          <table className="stack-table">
            <caption className="visually-hidden">{t("shopList.title", { shop: shop?.name ?? "" })}</caption>
            <thead>
              <tr>
                <th scope="col">{t("shopList.number")}</th>
                <th scope="col">{t("shopList.buyer")}</th>
                <th scope="col">{t("shopList.order")}</th>
                <th scope="col">{t("shopList.issued")}</th>
                <th scope="col" className="num">
                  {t("shopList.total")}
                </th>
              </tr>
            </thead>
            <tbody>
              {items.map((invoice) => (
                <tr key={invoice.id} className={invoice.credited ? "muted" : undefined}>
                  <td className="nowrap stack-title">
                    <Link to={`/orders/${invoice.orderId}/invoices/${invoice.id}`}>{invoice.number}</Link>{" "}
                    {invoice.kind === "credit_note" ? <span className="badge badge-neutral">{t("shopList.creditNote")}</span> : null}
                    {invoice.credited ? <span className="badge badge-closed">{t("list.credited")}</span> : null}
                  </td>
                  <td data-label={t("shopList.buyer")}>{invoice.buyerName}</td>
                  <td data-label={t("shopList.order")}>
                    <Link to={`/admin/order-cycles/${cycleId}/orders/${invoice.orderId}`}>#{invoice.orderNumber}</Link>
                  </td>
                  <td className="nowrap" data-label={t("shopList.issued")}>
                    {when(invoice.issuedAt)}
                  </td>
                  <td className="num" data-label={t("shopList.total")}>
                    <Money cents={invoice.totalCents} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {nextAfter ? (
        <nav className="row pager" aria-label={t("shopList.pages")}>
          <Link className="button button-secondary button-small" to={`?after=${nextAfter}`} rel="next">
            {t("shopList.next")}
          </Link>
        </nav>
      ) : null}
    </section>
  );
}
