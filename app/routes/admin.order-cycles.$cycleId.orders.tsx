// The orders of a cycle: every shop's for the coordinator, its own shop's for a distributor, with
// buyer names; searched and filtered through the query string, so the form works without JavaScript.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { useEffect, useRef } from "react";
import { Form, Link, useLoaderData, useLocation } from "@remix-run/react";
import { useT } from "#app/i18n/use-t";
import { requireUserPage } from "#app/auth/actor.server";
import { isFiltered, orderFiltersFromSearch, paymentFilters } from "#app/domain/orders/filters";
import { ordersOfCycleForActor, shippingMethodsOfCycleOrders } from "#app/domain/orders/queries.server";
import { pageError } from "#app/http/pages.server";
import { Money } from "#app/ui/money";
import { useCycleEditor } from "./admin.order-cycles.$cycleId";
import { formatInstant } from "#app/i18n/format";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const caller = await requireUserPage(request);
  const filters = orderFiltersFromSearch(new URL(request.url).searchParams);
  const [rows, shippingMethods] = await Promise.all([
    ordersOfCycleForActor(caller.actor, params.cycleId!, filters),
    shippingMethodsOfCycleOrders(caller.actor, params.cycleId!),
  ]).catch(pageError);
  return {
    filters,
    shippingMethods,
    orders: rows.map((row) => ({ ...row, number: String(row.number), placedAt: row.placedAt?.toISOString() ?? null })),
  };
}

export default function CycleOrders() {
  const { t, i18n } = useT("cycles");
  const { orders, filters, shippingMethods } = useLoaderData<typeof loader>();
  const editor = useCycleEditor();
  const location = useLocation();
  const formRef = useRef<HTMLFormElement>(null);
  // The fields are uncontrolled (the form works without JavaScript); after a client-side navigation,
  // "Clear filters" included, they are set to the page's filters here, keeping focus where it was.
  useEffect(() => {
    const fields = formRef.current?.elements;
    if (!fields) return;
    (fields.namedItem("q") as HTMLInputElement).value = filters.search ?? "";
    (fields.namedItem("shippingMethodId") as HTMLSelectElement).value = filters.shippingMethodId ?? "";
    (fields.namedItem("payment") as HTMLSelectElement).value = filters.payment ?? "";
  }, [filters.search, filters.shippingMethodId, filters.payment]);
  const base = `/admin/order-cycles/${editor.cycle.id}/orders`;
  const names = new Map(editor.cycle.outgoing.map((exchange) => [exchange.distributor.id, exchange.distributor.name]));
  const placed = orders.filter((order) => order.state === "placed");
  const filtered = isFiltered(filters);
  return (
    <section aria-labelledby="orders-heading">
      <div className="page-header">
        <div>
          <h2 id="orders-heading">{t("orders.heading")}</h2>
          {orders.length > 0 || !filtered ? (
            <p className="muted" role="status">
              {filtered ? t("orders.matching", { count: orders.length }) : t("orders.summary", { count: placed.length })} ·{" "}
              <Money cents={placed.reduce((sum, order) => sum + order.totalCents, 0)} />
            </p>
          ) : null}
        </div>
      </div>
      <Form ref={formRef} method="get" className="card order-filters" role="search" aria-label={t("orders.filters")}>
        <div className="field">
          <label htmlFor="orders-search">{t("orders.search")}</label>
          <input id="orders-search" type="search" name="q" defaultValue={filters.search ?? ""} maxLength={100} aria-describedby="orders-search-hint" />
          <div id="orders-search-hint" className="hint">
            {t("orders.searchHint")}
          </div>
        </div>
        <div className="field">
          <label htmlFor="orders-pickup">{t("orders.pickup")}</label>
          <select id="orders-pickup" name="shippingMethodId" defaultValue={filters.shippingMethodId ?? ""}>
            <option value="">{t("orders.allPickups")}</option>
            {shippingMethods.map((method) => (
              <option key={method.id} value={method.id}>
                {method.name}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="orders-payment">{t("orders.payment")}</label>
          <select id="orders-payment" name="payment" defaultValue={filters.payment ?? ""}>
            <option value="">{t("orders.allPayments")}</option>
            {paymentFilters.map((state) => (
              <option key={state} value={state}>
                {t(`orders.paymentFilters.${state}`)}
              </option>
            ))}
          </select>
        </div>
        <div className="form-actions">
          <button type="submit" className="button button-secondary">
            {t("orders.apply")}
          </button>
          {filtered ? <Link to={base}>{t("orders.clear")}</Link> : null}
        </div>
      </Form>
      {orders.length === 0 ? (
        filtered ? (
          <div className="card empty">
            <p>
              <strong>{t("orders.noMatch")}</strong>
            </p>
            <p className="muted">{t("orders.noMatchHint")}</p>
            <Link to={base} className="button button-secondary">
              {t("orders.clear")}
            </Link>
          </div>
        ) : (
          <div className="card empty">{t("orders.empty")}</div>
        )
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
                <th scope="col" className="num">
                  {t("orders.total")}
                </th>
              </tr>
            </thead>
            <tbody>
              {orders.map((order) => (
                <tr key={order.id} className={order.state === "cancelled" ? "muted" : undefined}>
                  {/* The order page carries the list's filters, so its way back returns to the same search. */}
                  <td>
                    <Link to={`${base}/${order.id}${location.search}`}>#{order.number}</Link>
                  </td>
                  <td>
                    {order.buyerName || order.email}
                    <div className="muted small">
                      {order.placedAt ? formatInstant(order.placedAt, editor.coordinatorTimeZone, i18n.language, { compact: true, withYear: false }) : ""}
                    </div>
                  </td>
                  <td>{names.get(order.distributorId) ?? ""}</td>
                  <td>{order.shippingMethodName}</td>
                  <td>
                    {order.state === "cancelled" ? (
                      <span className="badge badge-closed">{t("orders.cancelled")}</span>
                    ) : (
                      <span className={`badge ${order.paymentState === "paid" ? "badge-open" : "badge-upcoming"}`}>
                        {t(`orders.paymentStates.${order.paymentState}`)}
                      </span>
                    )}
                    <div className="muted small">{order.paymentMethodName}</div>
                  </td>
                  <td className="num">
                    <Money cents={order.totalCents} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
