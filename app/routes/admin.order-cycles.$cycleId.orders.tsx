// The orders of a cycle: every shop's for the coordinator, its own shop's for a distributor, with buyer names.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useT } from "#app/i18n/use-t";
import { requireUserPage } from "#app/auth/actor.server";
import { ordersOfCycleForActor } from "#app/domain/shop/orders.server";
import { formatInstant } from "#app/domain/time";
import { Money } from "#app/ui/money";
import { useCycleEditor } from "./admin.order-cycles.$cycleId";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const caller = await requireUserPage(request);
  const rows = await ordersOfCycleForActor(caller.actor, params.cycleId!);
  return { orders: rows.map((row) => ({ ...row, number: String(row.number), placedAt: row.placedAt?.toISOString() ?? null })) };
}

export default function CycleOrders() {
  const { t, i18n } = useT("cycles");
  const { orders } = useLoaderData<typeof loader>();
  const editor = useCycleEditor();
  const names = new Map(editor.cycle.outgoing.map((exchange) => [exchange.distributor.id, exchange.distributor.name]));
  const placed = orders.filter((order) => order.state === "placed");
  return (
    <section aria-labelledby="orders-heading">
      <div className="page-header">
        <div>
          <h2 id="orders-heading">{t("orders.heading")}</h2>
          <p className="muted">{t("orders.summary", { count: placed.length })} · <Money cents={placed.reduce((sum, order) => sum + order.totalCents, 0)} /></p>
        </div>
      </div>
      {orders.length === 0 ? (
        <div className="card empty">{t("orders.empty")}</div>
      ) : (
        <div className="table-wrap">
          <table>
            <caption className="visually-hidden">{t("orders.heading")}</caption>
            <thead>
              <tr>
                <th scope="col">{t("orders.number")}</th>
                <th scope="col">{t("orders.buyer")}</th>
                <th scope="col">{t("orders.shop")}</th>
                <th scope="col">{t("orders.pickup")}</th>
                <th scope="col">{t("orders.payment")}</th>
                <th scope="col" className="num">{t("orders.total")}</th>
              </tr>
            </thead>
            <tbody>
              {orders.map((order) => (
                <tr key={order.id} className={order.state === "cancelled" ? "muted" : undefined}>
                  <td><Link to={`/orders/${order.id}`}>#{order.number}</Link></td>
                  <td>{order.buyerName || order.email}<div className="muted small">{order.placedAt ? formatInstant(order.placedAt, editor.coordinatorTimeZone, i18n.language, { compact: true, withYear: false }) : ""}</div></td>
                  <td>{names.get(order.distributorId) ?? ""}</td>
                  <td>{order.shippingMethodName}</td>
                  <td>
                    {order.state === "cancelled" ? <span className="badge badge-closed">{t("orders.cancelled")}</span> : <span className={`badge ${order.paymentState === "paid" ? "badge-open" : "badge-upcoming"}`}>{t(`orders.paymentStates.${order.paymentState}`)}</span>}
                    <div className="muted small">{order.paymentMethodName}</div>
                  </td>
                  <td className="num"><Money cents={order.totalCents} /></td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
