// One order at the hub's desk: who ordered and how to reach them, where it goes, what to pack and
// what is owed. The coordinator's and the order's own shop's only; the buyer has /orders/:id.
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData, useLocation, useParams } from "@remix-run/react";
import { useT } from "#app/i18n/use-t";
import { requireUserPage } from "#app/auth/actor.server";
import { readyForText } from "#app/domain/shop/ready-for";
import { orderForHub } from "#app/domain/orders/queries.server";
import { pageError } from "#app/http/pages.server";
import { Money } from "#app/ui/money";
import { OrderTotalRows } from "#app/ui/cart-lines";
import { pageTitle } from "#app/ui/page-title";
import { formatInstant } from "#app/i18n/format";

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => [{ title: pageTitle(matches, "order", [data ? `#${data.order.number}` : null]) }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const caller = await requireUserPage(request);
  const summary = await orderForHub(caller.actor, params.cycleId!, params.orderId!).catch(pageError);
  const { order } = summary;
  return {
    order: {
      id: order.id,
      number: String(order.number),
      state: order.state,
      paymentState: summary.figures.paymentState,
      paidCents: summary.figures.paidCents,
      balanceCents: summary.figures.balanceCents,
      placedAt: order.placedAt?.toISOString() ?? null,
      cancelledAt: order.cancelledAt?.toISOString() ?? null,
      buyerName: order.buyerName,
      email: order.email,
      phone: order.phone,
      hasAccount: order.buyerId !== null,
      deliveryAddress: order.deliveryAddress,
      totalCents: order.totalCents,
    },
    shop: summary.distributorName,
    readyFor: summary.readyFor,
    readyOn: summary.readyOn,
    shipping: { name: summary.shippingName, kind: summary.shippingKind, address: summary.shippingAddress },
    payment: { name: summary.paymentName },
    lines: summary.lines.map((line) => ({
      id: line.id,
      productName: line.productName,
      variantName: line.variantName,
      quantity: line.quantity,
      unitPriceCents: line.unitPriceCents,
      totalCents: line.totalCents,
    })),
    adjustments: summary.adjustments.map((adjustment) => ({
      id: adjustment.id,
      label: adjustment.label,
      enterpriseName: adjustment.enterpriseName,
      amountCents: adjustment.amountCents,
    })),
    taxByRate: summary.taxByRate,
    timeZone: summary.timeZone,
  };
}

export default function HubOrder() {
  const { t, i18n } = useT("cycles");
  const { t: tShop } = useT("shop");
  const loaded = useLoaderData<typeof loader>();
  const { cycleId } = useParams();
  // The list's search and filters, passed along by the list, so the way back returns to them.
  const backQuery = useLocation().search;
  const { order } = loaded;
  const when = (instant: string) => formatInstant(instant, loaded.timeZone, i18n.language);
  const isDelivery = loaded.shipping.kind === "delivery";
  const phoneHref = `tel:${order.phone.replace(/[^+\d]/g, "")}`;
  return (
    <section aria-labelledby="order-heading" className="hub-order">
      <p className="no-print">
        <Link to={`/admin/order-cycles/${cycleId}/orders${backQuery}`}>← {t("orders.detail.back")}</Link>
      </p>
      <div className="page-header">
        <div>
          <h2 id="order-heading">{tShop("order.title", { number: `#${order.number}` })}</h2>
          <p className="muted">
            {[
              loaded.shop,
              order.placedAt ? t("orders.detail.placedAt", { when: when(order.placedAt) }) : null,
              order.cancelledAt ? t("orders.detail.cancelledAt", { when: when(order.cancelledAt) }) : null,
            ]
              .filter(Boolean)
              .join(" · ")}
          </p>
        </div>
        <span className={`badge ${order.state === "cancelled" ? "badge-closed" : order.paymentState === "paid" ? "badge-open" : "badge-upcoming"}`}>
          {order.state === "cancelled" ? t("orders.cancelled") : t(`orders.paymentStates.${order.paymentState}`)}
        </span>
      </div>
      <div className="hub-order-cards">
        <section className="card" aria-labelledby="contact-heading">
          <h3 id="contact-heading">{t("orders.detail.contact")}</h3>
          <dl className="facts">
            <dt>{t("orders.detail.name")}</dt>
            <dd>{order.buyerName || "—"}</dd>
            <dt>{t("orders.detail.email")}</dt>
            <dd>
              <a href={`mailto:${order.email}`}>{order.email}</a>
            </dd>
            <dt>{t("orders.detail.phone")}</dt>
            <dd>{order.phone ? <a href={phoneHref}>{order.phone}</a> : <span className="muted">{t("orders.detail.noPhone")}</span>}</dd>
            <dt>{t("orders.detail.account")}</dt>
            <dd>{order.hasAccount ? t("orders.detail.hasAccount") : t("orders.detail.guest")}</dd>
          </dl>
        </section>
        <section className="card" aria-labelledby="where-heading">
          <h3 id="where-heading">{isDelivery ? t("orders.detail.delivery") : t("orders.detail.pickup")}</h3>
          <dl className="facts">
            <dt>{tShop("order.readyFor")}</dt>
            <dd>{readyForText(loaded, i18n.language) || "—"}</dd>
            <dt>{isDelivery ? t("orders.detail.delivery") : tShop("order.pickupAt")}</dt>
            <dd>{[loaded.shipping.name, isDelivery ? null : loaded.shipping.address].filter(Boolean).join(" · ")}</dd>
            {isDelivery ? (
              <>
                <dt>{t("orders.detail.deliveryAddress")}</dt>
                <dd className="address">{order.deliveryAddress}</dd>
              </>
            ) : null}
            <dt>{tShop("order.paymentMethod")}</dt>
            <dd>{loaded.payment.name}</dd>
          </dl>
        </section>
      </div>
      <section className="card" aria-labelledby="items-heading">
        <h3 id="items-heading">{tShop("order.items")}</h3>
        <div className="table-wrap">
          <table>
            <caption className="visually-hidden">{tShop("order.items")}</caption>
            <thead>
              <tr>
                <th scope="col">{tShop("order.item")}</th>
                <th scope="col" className="num">
                  {tShop("order.quantity")}
                </th>
                <th scope="col" className="num hide-narrow">
                  {tShop("order.unitPrice")}
                </th>
                <th scope="col" className="num">
                  {tShop("order.amount")}
                </th>
              </tr>
            </thead>
            <tbody>
              {loaded.lines.map((line) => (
                <tr key={line.id}>
                  <td>
                    {line.productName} <span className="muted">({line.variantName})</span>
                  </td>
                  <td className="num">{line.quantity}</td>
                  <td className="num hide-narrow">
                    <Money cents={line.unitPriceCents} />
                  </td>
                  <td className="num">
                    <Money cents={line.totalCents} />
                  </td>
                </tr>
              ))}
              <OrderTotalRows adjustments={loaded.adjustments} totalCents={order.totalCents} taxByRate={loaded.taxByRate} />
            </tbody>
          </table>
        </div>
      </section>
      <p className="no-print">
        <Link to={`/orders/${order.id}`}>{t("orders.detail.buyerView")}</Link>
      </p>
    </section>
  );
}
