// The orders of a cycle: every shop's for the coordinator, its own shop's for a distributor, with
// buyer names; searched and filtered through the query string, so the form works without JavaScript.
// Below the list, "delivered quantities" sets one product's quantity across the orders at once.
import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { useEffect, useRef } from "react";
import { Form, Link, useActionData, useLoaderData, useLocation, useSearchParams } from "@remix-run/react";
import { useT } from "#app/i18n/use-t";
import { requireUserPage } from "#app/auth/actor.server";
import { isFiltered, orderFiltersFromSearch, paymentFilters } from "#app/domain/orders/filters";
import { deliveredQuantityRows, ordersOfCycleForActor, shippingMethodsOfCycleOrders } from "#app/domain/orders/queries.server";
import { setDeliveredQuantities } from "#app/domain/orders/changes.server";
import { DomainError } from "#app/domain/errors";
import { handleForm } from "#app/http/forms.server";
import { resolveLocale } from "#app/i18n/locale.server";
import { ErrorSummary, keep, TextAreaField, type FormResult } from "#app/ui/form";
import { pageError } from "#app/http/pages.server";
import { Money } from "#app/ui/money";
import { useCycleEditor } from "./admin.order-cycles.$cycleId";
import { formatInstant } from "#app/i18n/format";
import { ShopInvoices } from "#app/ui/shop-invoices";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const caller = await requireUserPage(request);
  const search = new URL(request.url).searchParams;
  const filters = orderFiltersFromSearch(search);
  const bulkVariant = search.get("bulkVariant")?.slice(0, 64) || null;
  const [rows, shippingMethods, delivered] = await Promise.all([
    ordersOfCycleForActor(caller.actor, params.cycleId!, filters),
    shippingMethodsOfCycleOrders(caller.actor, params.cycleId!),
    deliveredQuantityRows(caller.actor, params.cycleId!, bulkVariant),
  ]).catch(pageError);
  return {
    filters,
    shippingMethods,
    bulkVariant,
    delivered,
    orders: rows.map((row) => ({ ...row, number: String(row.number), placedAt: row.placedAt?.toISOString() ?? null })),
  };
}

/**
 * The delivered-quantities form: `delivered:<orderId>` per order, for one variant; every order is
 * adjusted in one transaction (setDeliveredQuantities), so one refusal changes none.
 */
export async function action({ request, params }: ActionFunctionArgs) {
  const caller = await requireUserPage(request);
  const locale = await resolveLocale(request, caller.user.locale);
  const form = await request.formData();
  const variantId = String(form.get("variantId") ?? "");
  return handleForm({ request, locale, form }, async () => {
    const entries = [...form.entries()]
      .filter(([name]) => name.startsWith("delivered:"))
      .map(([name, value]) => ({
        orderId: name.slice("delivered:".length),
        quantity: String(value).trim() === "" ? Number.NaN : Number(String(value).trim()),
      }));
    const { changed } = await setDeliveredQuantities(caller.actor, params.cycleId!, { variantId, orders: entries, note: String(form.get("note") ?? "") }).catch(
      (error: unknown) => {
        if (!(error instanceof DomainError)) throw error;
        const fields = Object.fromEntries(Object.entries(error.fields).map(([name, field]) => [name.replace(/^orders\./, "delivered:"), field]));
        throw new DomainError(error.code, fields, error.values);
      },
    );
    throw redirect(`/admin/order-cycles/${params.cycleId}/orders?bulkVariant=${encodeURIComponent(variantId)}&delivered=${changed}#delivered-heading`);
  });
}

export default function CycleOrders() {
  const { t, i18n } = useT("cycles");
  const { orders, filters, shippingMethods, bulkVariant, delivered } = useLoaderData<typeof loader>();
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
      <DeliveredQuantities variantId={bulkVariant} delivered={delivered} />
      <ShopInvoices
        cycleId={editor.cycle.id}
        shops={editor.cycle.outgoing
          .filter((exchange) => editor.cycle.roles.coordinator || editor.cycle.roles.distributorIds.includes(exchange.distributor.id))
          .map((exchange) => exchange.distributor)}
      />
    </section>
  );
}

/** One product's delivered quantity across the cycle's orders: choose it (a GET form), then one input per order. */
function DeliveredQuantities({ variantId, delivered }: { variantId: string | null; delivered: ReturnType<typeof useLoaderData<typeof loader>>["delivered"] }) {
  const { t } = useT("cycles");
  const result = useActionData<typeof action>() as FormResult;
  const [search] = useSearchParams();
  const saved = search.get("delivered");
  if (delivered.variants.length === 0) return null;
  return (
    <section className="card" aria-labelledby="delivered-heading" style={{ marginTop: 24 }}>
      <h3 id="delivered-heading">{t("orders.bulk.heading")}</h3>
      <p className="hint">{t("orders.bulk.intro")}</p>
      {saved !== null && !result ? (
        <div className="alert alert-success" role="status">
          {t("orders.bulk.saved", { count: Number(saved) || 0 })}
        </div>
      ) : null}
      <Form method="get" className="adjust-add" preventScrollReset>
        <div className="field">
          <label htmlFor="bulk-variant">{t("orders.bulk.variant")}</label>
          <select id="bulk-variant" name="bulkVariant" defaultValue={variantId ?? ""}>
            <option value="">{t("orders.bulk.none")}</option>
            {delivered.variants.map((variant) => (
              <option key={variant.variantId} value={variant.variantId}>
                {variant.productName} ({variant.variantName})
              </option>
            ))}
          </select>
        </div>
        <div className="form-actions">
          <button type="submit" className="button button-secondary">
            {t("orders.bulk.choose")}
          </button>
        </div>
      </Form>
      {variantId ? (
        delivered.rows.length === 0 ? (
          <p className="muted">{t("orders.bulk.noOrders")}</p>
        ) : (
          <Form method="post" noValidate>
            <input type="hidden" name="variantId" value={variantId} />
            <ErrorSummary result={result} />
            <ul className="bulk-delivered-list">
              {delivered.rows.map((row) => {
                const name = `delivered:${row.orderId}`;
                const error = result?.fieldErrors?.[name];
                return (
                  <li key={row.orderId}>
                    <label htmlFor={`delivered-${row.orderId}`}>{t("orders.bulk.orderLabel", { number: row.number, buyer: row.buyerName || row.email })}</label>
                    <div className="field">
                      <input
                        id={`delivered-${row.orderId}`}
                        name={name}
                        type="number"
                        inputMode="numeric"
                        min={0}
                        max={999}
                        step={1}
                        className="qty-input"
                        defaultValue={keep(result, name, row.quantity)}
                        aria-invalid={error ? true : undefined}
                        aria-describedby={error ? `delivered-${row.orderId}-error` : undefined}
                      />
                      {error ? (
                        <div id={`delivered-${row.orderId}-error`} className="field-error">
                          {error}
                        </div>
                      ) : null}
                    </div>
                  </li>
                );
              })}
            </ul>
            <TextAreaField label={t("orders.bulk.note")} name="note" rows={2} maxLength={500} defaultValue={keep(result, "note", "")} />
            <p className="hint">{t("orders.bulk.allOrNothing")}</p>
            <div className="form-actions">
              <button type="submit" className="button">
                {t("orders.bulk.save")}
              </button>
            </div>
          </Form>
        )
      ) : null}
    </section>
  );
}
