// The orders of a cycle: every shop's for the coordinator, its own shop's for a distributor, with
// buyer names, what each paid and still owes; searched and filtered through the query string, so the
// form works without JavaScript, and paged 100 at a time by order number (decision 0040). Ticked
// orders can be marked paid at once. Below the list, "delivered quantities" sets one product's
// quantity across the orders at once.
import { randomUUID } from "node:crypto";
import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { useEffect, useRef, useState } from "react";
import { Form, Link, useActionData, useLoaderData, useLocation, useSearchParams } from "@remix-run/react";
import { useT } from "#app/i18n/use-t";
import { requireUserPage } from "#app/auth/actor.server";
import { filterProblems, isFiltered, orderCursorFromSearch, orderFiltersFromSearch, orderListSearch, paymentFilters } from "#app/domain/orders/filters";
import { deliveredQuantityRows, orderPageOfCycle, shippingMethodsOfCycleOrders } from "#app/domain/orders/queries.server";
import { setDeliveredQuantities } from "#app/domain/orders/changes.server";
import { markCycleOrdersPaid } from "#app/domain/payments/commands.server";
import { DomainError } from "#app/domain/errors";
import { handleForm } from "#app/http/forms.server";
import { resolveLocale } from "#app/i18n/locale.server";
import { ErrorSummary, keep, keptChoices, SelectField, TextAreaField, TextField, type FormResult } from "#app/ui/form";
import { pageError } from "#app/http/pages.server";
import { Money } from "#app/ui/money";
import { useCycleEditor } from "./admin.order-cycles.$cycleId";
import { formatInstant, formatMoney } from "#app/i18n/format";
import { ShopInvoices } from "#app/ui/shop-invoices";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const caller = await requireUserPage(request);
  const search = new URL(request.url).searchParams;
  const filters = orderFiltersFromSearch(search);
  const cursor = orderCursorFromSearch(search);
  const bulkVariant = search.get("bulkVariant")?.slice(0, 64) || null;
  // The products of every order (hundreds in a big cycle) are read only once the form is asked for.
  const deliveredOpen = search.has("bulkVariant");
  const [page, shippingMethods, delivered] = await Promise.all([
    orderPageOfCycle(caller.actor, params.cycleId!, filters, cursor),
    shippingMethodsOfCycleOrders(caller.actor, params.cycleId!),
    deliveredOpen ? deliveredQuantityRows(caller.actor, params.cycleId!, bulkVariant) : null,
  ]).catch(pageError);
  return {
    filters,
    problems: filterProblems(search),
    paged: cursor !== null,
    shippingMethods,
    bulkVariant,
    delivered,
    totals: page.totals,
    pages: {
      first: orderListSearch(filters),
      next: page.nextAfter === null ? null : orderListSearch(filters, { after: page.nextAfter }),
      previous: page.previousBefore === null ? null : orderListSearch(filters, { before: page.previousBefore }),
    },
    // A fresh key each time the page is drawn: a form sent twice (a double click, a reload) records once.
    markPaidKey: randomUUID(),
    orders: page.orders.map((row) => ({ ...row, number: String(row.number), placedAt: row.placedAt?.toISOString() ?? null })),
  };
}

/** The list's own query (filters and page) without the notices a form left in it. */
function listSearch(url: URL) {
  const params = new URLSearchParams(url.search);
  for (const name of ["marked", "nothingDue", "recorded", "delivered", "bulkVariant"]) params.delete(name);
  return params;
}

/**
 * Two forms post here. "markPaid": the ticked orders, each paid its balance (markCycleOrdersPaid),
 * then back to the same page of the list with what was recorded. Otherwise the delivered-quantities
 * form: `delivered:<orderId>` per order, for one variant; every order is adjusted in one transaction
 * (setDeliveredQuantities), so one refusal changes none.
 */
export async function action({ request, params }: ActionFunctionArgs) {
  const caller = await requireUserPage(request);
  const locale = await resolveLocale(request, caller.user.locale);
  const form = await request.formData();
  const base = `/admin/order-cycles/${params.cycleId}/orders`;
  if (form.get("intent") === "markPaid") {
    return handleForm({ request, locale, form }, async () => {
      const note = String(form.get("note") ?? "").trim();
      const result = await markCycleOrdersPaid(
        caller.actor,
        params.cycleId!,
        { orderIds: form.getAll("orderIds").map(String), method: String(form.get("method") ?? ""), ...(note ? { note } : {}) },
        { idempotencyKey: String(form.get("idempotencyKey") ?? "") || null },
      );
      const back = listSearch(new URL(request.url));
      back.set("marked", String(result.marked));
      back.set("nothingDue", String(result.nothingDue));
      back.set("recorded", String(result.recordedCents));
      throw redirect(`${base}?${back}#orders-heading`);
    });
  }
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
    throw redirect(`${base}?bulkVariant=${encodeURIComponent(variantId)}&delivered=${changed}#delivered-heading`);
  });
}

const badgeOf: Record<string, string> = {
  unpaid: "badge-upcoming",
  partially_paid: "badge-upcoming",
  paid: "badge-open",
  overpaid: "badge-danger",
  refunded: "badge-neutral",
};

export default function CycleOrders() {
  const { t, i18n } = useT("cycles");
  const { orders, filters, problems, paged, shippingMethods, bulkVariant, delivered, totals, pages, markPaidKey } = useLoaderData<typeof loader>();
  const editor = useCycleEditor();
  const location = useLocation();
  const result = useActionData<typeof action>() as FormResult;
  const markResult = result?.intent === "markPaid" ? result : undefined;
  const [search] = useSearchParams();
  const formRef = useRef<HTMLFormElement>(null);
  // Ticking every order of the page at once needs a script; without one the box is not drawn.
  const [hydrated, setHydrated] = useState(false);
  useEffect(() => setHydrated(true), []);
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
  const filtered = isFiltered(filters);
  const count = totals.placed + totals.cancelled;
  const paymentProblem = problems.find((problem) => problem.field === "payment");
  const cursorProblem = problems.find((problem) => problem.field === "cursor");
  const marked = search.get("marked");
  const selectable = orders.filter((order) => order.state === "placed" && order.balanceCents > 0);
  const sentIds = keptChoices(markResult, "orderIds");
  return (
    <section aria-labelledby="orders-heading">
      <div className="page-header">
        <div>
          <h2 id="orders-heading">{t("orders.heading")}</h2>
          {count > 0 || !filtered ? (
            <p className="muted" role="status">
              {filtered ? t("orders.matching", { count }) : t("orders.summary", { count: totals.placed })}
              {totals.cancelled > 0 ? ` · ${t("orders.list.cancelledCount", { count: totals.cancelled })}` : ""}
            </p>
          ) : null}
        </div>
        {(editor.cycle.roles.coordinator || editor.cycle.roles.distributorIds.length > 0) &&
        (editor.cycle.state === "open" || editor.cycle.state === "closed") ? (
          <Link to={`${base}/new`} className="button">
            {t("orders.entry.start")}
          </Link>
        ) : null}
      </div>
      {marked !== null && !result ? (
        <div className="alert alert-success" role="status">
          {t("orders.list.marked", { count: Number(marked) || 0, amount: formatMoney(Number(search.get("recorded")) || 0, i18n.language) })}
          {Number(search.get("nothingDue")) > 0 ? ` ${t("orders.list.nothingDue", { count: Number(search.get("nothingDue")) })}` : ""}
        </div>
      ) : null}
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
          <select
            id="orders-payment"
            name="payment"
            defaultValue={filters.payment ?? ""}
            aria-invalid={paymentProblem ? true : undefined}
            aria-describedby={paymentProblem ? "orders-payment-error" : undefined}
          >
            <option value="">{t("orders.allPayments")}</option>
            {paymentFilters.map((state) => (
              <option key={state} value={state}>
                {t(`orders.paymentFilters.${state}`)}
              </option>
            ))}
          </select>
          {paymentProblem ? (
            <div id="orders-payment-error" className="field-error">
              {t("orders.list.unknownPayment", { value: paymentProblem.value })}
            </div>
          ) : null}
        </div>
        <div className="form-actions">
          <button type="submit" className="button button-secondary">
            {t("orders.apply")}
          </button>
          {filtered || problems.length > 0 ? <Link to={base}>{t("orders.clear")}</Link> : null}
        </div>
      </Form>
      {cursorProblem ? (
        <div className="alert alert-warning" role="status">
          {t("orders.list.badCursor")}
        </div>
      ) : null}
      {count > 0 ? (
        <dl className="figures order-figures" aria-label={t("orders.list.figures")}>
          <div>
            <dt>{t("orders.list.totalPlaced")}</dt>
            <dd>
              <Money cents={totals.totalCents} />
            </dd>
          </div>
          <div>
            <dt>{t("orders.list.paid")}</dt>
            <dd>
              <Money cents={totals.paidCents} />
            </dd>
          </div>
          <div>
            <dt>{t("orders.list.balanceDue")}</dt>
            <dd>
              <Money cents={totals.balanceDueCents} />
            </dd>
          </div>
        </dl>
      ) : null}
      {orders.length === 0 ? (
        paged && count > 0 ? (
          <div className="card empty">
            <p>{t("orders.list.pastEnd")}</p>
            <Link to={`${base}${pages.first}`} className="button button-secondary">
              {t("orders.list.firstPage")}
            </Link>
          </div>
        ) : filtered ? (
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
        <Form method="post" noValidate aria-labelledby="mark-paid-heading">
          <input type="hidden" name="intent" value="markPaid" />
          <input type="hidden" name="idempotencyKey" value={markPaidKey} />
          <ErrorSummary result={markResult} spellOut />
          {selectable.length > 0 ? (
            <fieldset className="card mark-paid">
              <legend id="mark-paid-heading">{t("orders.list.markHeading")}</legend>
              <p className="hint">{t("orders.list.markIntro")}</p>
              <div className="mark-paid-fields">
                <SelectField
                  label={t("orders.list.method")}
                  name="method"
                  defaultValue={keep(markResult, "method", "cash")}
                  error={markResult?.fieldErrors?.method}
                  options={(["cash", "bank_transfer"] as const).map((method) => ({ value: method, label: t(`orders.list.methods.${method}`) }))}
                />
                <TextField
                  label={t("orders.list.note")}
                  hint={t("orders.list.noteHint")}
                  name="note"
                  maxLength={500}
                  defaultValue={keep(markResult, "note", "")}
                  error={markResult?.fieldErrors?.note}
                />
                <div className="form-actions">
                  <button type="submit" className="button">
                    {t("orders.list.markSubmit")}
                  </button>
                </div>
              </div>
            </fieldset>
          ) : null}
          <div className="table-wrap order-table-wrap" tabIndex={0} role="region" aria-labelledby="orders-heading">
            <table className="order-table">
              <caption className="visually-hidden">{t("orders.heading")}</caption>
              <thead>
                <tr>
                  <th scope="col" className="select-cell">
                    {hydrated && selectable.length > 0 ? (
                      <input
                        type="checkbox"
                        aria-label={t("orders.list.selectAll")}
                        onChange={(event) => {
                          const boxes = event.currentTarget.form?.querySelectorAll<HTMLInputElement>('input[name="orderIds"]') ?? [];
                          for (const box of boxes) box.checked = event.currentTarget.checked;
                        }}
                      />
                    ) : (
                      <span className="visually-hidden">{t("orders.list.select")}</span>
                    )}
                  </th>
                  <th scope="col">{t("orders.number")}</th>
                  <th scope="col">{t("orders.buyer")}</th>
                  <th scope="col">{t("orders.shop")}</th>
                  <th scope="col">{t("orders.pickup")}</th>
                  <th scope="col">{t("orders.payment")}</th>
                  <th scope="col" className="num">
                    {t("orders.total")}
                  </th>
                  <th scope="col" className="num">
                    {t("orders.list.paid")}
                  </th>
                  <th scope="col" className="num">
                    {t("orders.list.balanceDue")}
                  </th>
                </tr>
              </thead>
              <tbody>
                {orders.map((order) => {
                  const cancelled = order.state === "cancelled";
                  const buyer = order.buyerName || order.email;
                  return (
                    <tr key={order.id} className={cancelled ? "muted" : undefined}>
                      <td className="select-cell">
                        {!cancelled && order.balanceCents > 0 ? (
                          <input
                            type="checkbox"
                            name="orderIds"
                            value={order.id}
                            defaultChecked={sentIds.includes(order.id)}
                            aria-label={t("orders.list.selectOrder", { number: order.number, buyer })}
                          />
                        ) : null}
                      </td>
                      {/* The order page carries the list's filters, so its way back returns to the same search. */}
                      <td>
                        <Link to={`${base}/${order.id}${location.search}`}>#{order.number}</Link>
                      </td>
                      <td className="buyer-cell">
                        {buyer}
                        <div className="muted small">
                          {order.placedAt ? formatInstant(order.placedAt, editor.coordinatorTimeZone, i18n.language, { compact: true, withYear: false }) : ""}
                        </div>
                      </td>
                      <td data-label={t("orders.shop")}>{names.get(order.distributorId) ?? ""}</td>
                      <td data-label={t("orders.pickup")}>{order.shippingMethodName}</td>
                      <td data-label={t("orders.payment")}>
                        {cancelled ? (
                          <span className="badge badge-closed">{t("orders.cancelled")}</span>
                        ) : (
                          <span className={`badge ${badgeOf[order.paymentState] ?? "badge-upcoming"}`}>{t(`orders.paymentStates.${order.paymentState}`)}</span>
                        )}
                        <div className="muted small">{order.paymentMethodName}</div>
                      </td>
                      <td className="num" data-label={t("orders.total")}>
                        <Money cents={order.totalCents} />
                      </td>
                      <td className="num" data-label={t("orders.list.paid")}>
                        <Money cents={order.paidCents} />
                      </td>
                      <td className="num" data-label={t("orders.list.balanceDue")}>
                        {cancelled ? "" : <Money cents={Math.max(order.balanceCents, 0)} />}
                      </td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </div>
        </Form>
      )}
      {pages.next || pages.previous ? (
        <nav className="row pager" aria-label={t("orders.list.pages")}>
          {pages.previous ? (
            <Link className="button button-secondary button-small" to={`${base}${pages.previous}`} rel="prev">
              {t("orders.list.previous")}
            </Link>
          ) : null}
          {pages.next ? (
            <Link className="button button-secondary button-small" to={`${base}${pages.next}`} rel="next">
              {t("orders.list.next")}
            </Link>
          ) : null}
        </nav>
      ) : null}
      {count > 0 || filtered ? <DeliveredQuantities variantId={bulkVariant} delivered={delivered} /> : null}
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
  const sent = useActionData<typeof action>() as FormResult;
  const result = sent?.intent === "markPaid" ? undefined : sent;
  const [search] = useSearchParams();
  const saved = search.get("delivered");
  if (!delivered) {
    return (
      <section className="card" aria-labelledby="delivered-heading" style={{ marginTop: 24 }}>
        <h3 id="delivered-heading">{t("orders.bulk.heading")}</h3>
        <p className="hint">{t("orders.bulk.intro")}</p>
        <Link to="?bulkVariant=#delivered-heading" className="button button-secondary" preventScrollReset>
          {t("orders.bulk.open")}
        </Link>
      </section>
    );
  }
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
