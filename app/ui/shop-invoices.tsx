// On a cycle's orders page, for the coordinator and each distributor: issue the invoices of a
// shop's orders not yet invoiced, and print them all in one PDF.
import { Form, Link, useSearchParams } from "@remix-run/react";
import { useT } from "#app/i18n/use-t";

export function ShopInvoices({ cycleId, shops }: { cycleId: string; shops: readonly { id: string; name: string }[] }) {
  const { t } = useT("invoices");
  const [search] = useSearchParams();
  if (shops.length === 0) return null;
  const issued = search.get("invoicesIssued");
  const shop = shops.find((entry) => entry.id === search.get("shop"));
  return (
    <section className="card no-print" aria-labelledby="shop-invoices-heading">
      <h3 id="shop-invoices-heading">{t("list.title")}</h3>
      {issued !== null && shop ? (
        <p className="alert alert-success" role="status">
          {Number(issued) > 0 ? t("list.issuedCount", { count: Number(issued), shop: shop.name }) : t("list.noneMissing", { shop: shop.name })}
        </p>
      ) : null}
      <ul className="invoice-list">
        {shops.map((entry) => (
          <li key={entry.id}>
            <strong>{entry.name}</strong>
            <Form method="post" action={`/admin/order-cycles/${cycleId}/shop-invoices/${entry.id}`}>
              <button type="submit" className="button button-secondary button-small">
                {t("list.issueAll")}
              </button>
            </Form>
            <Link to={`/admin/order-cycles/${cycleId}/invoices/${entry.id}`}>{t("list.seeAll")}</Link>
            <a href={`/api/v1/order-cycles/${cycleId}/outgoing/${entry.id}/invoices.pdf`}>{t("list.allPdf")}</a>
          </li>
        ))}
      </ul>
    </section>
  );
}
