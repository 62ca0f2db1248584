// One order at the hub's desk: who ordered and how to reach them, where it goes, what to pack and
// what is owed. The coordinator's and the order's own shop's only; the buyer has /orders/:id.
// `?edit=1` adjusts it (docs/domain.md 8): quantities, removed lines, an added product, the actual
// weight of lines sold by weight, a note; the order's history lists every change. Its payments
// panel records a payment received or a refund (docs/domain.md 9), as the API's commands do.
import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useLocation, useNavigation, useParams, useSearchParams } from "@remix-run/react";
import { useT } from "#app/i18n/use-t";
import { requireUserPage } from "#app/auth/actor.server";
import type { Actor } from "#app/domain/actor";
import { toLocalInput } from "#app/domain/time";
import { readyForText } from "#app/domain/shop/ready-for";
import { adjustableVariants, orderForHub, orderHistory } from "#app/domain/orders/queries.server";
import { adjustOrderAtHub } from "#app/domain/orders/changes.server";
import { enteredByOf } from "#app/domain/orders/for-customer.server";
import { DomainError } from "#app/domain/errors";
import { handleForm } from "#app/http/forms.server";
import { resolveLocale } from "#app/i18n/locale.server";
import { pageError } from "#app/http/pages.server";
import { ErrorSummary, keep, SelectField, TextAreaField, TextField, type FormResult } from "#app/ui/form";
import { OrderHistory } from "#app/ui/order-history";
import { Money } from "#app/ui/money";
import { OrderTotalRows } from "#app/ui/cart-lines";
import { pageTitle } from "#app/ui/page-title";
import { formatInstant, formatWeight } from "#app/i18n/format";
import { recordPayment, refundOrder } from "#app/domain/payments/commands.server";
import { cardRefundable } from "#app/domain/payments/card-refunds.server";
import { recorderNames } from "#app/domain/payments/records.server";
import { atFormFields as atPaymentFields, paymentFormFields, paymentInputFromForm, refundFormFields, refundInputFromForm } from "#app/domain/payments/forms";
import { OrderPayments, type OrderPaymentsView } from "#app/ui/order-payments";
import { issueInvoice } from "#app/domain/invoices/issue.server";
import { invoicesOfOrder } from "#app/domain/invoices/queries.server";
import { InvoiceList } from "#app/ui/invoice-list";

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => [{ title: pageTitle(matches, "order", [data ? `#${data.order.number}` : null]) }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const caller = await requireUserPage(request);
  const summary = await orderForHub(caller.actor, params.cycleId!, params.orderId!).catch(pageError);
  const { order } = summary;
  const [history, variants, recorders, invoices, enteredBy] = await Promise.all([
    orderHistory(order.id),
    adjustableVariants(order.orderCycleId, order.distributorId),
    recorderNames(summary.payments),
    invoicesOfOrder(order.id),
    enteredByOf(order.id),
  ]);
  const byVariant = new Map(variants.map((variant) => [variant.variantId, variant]));
  const onOrder = new Set(summary.lines.map((line) => line.variantId));
  const canAdjust = order.state === "placed";
  return {
    canAdjust,
    invoices,
    enteredBy,
    editing: canAdjust && new URL(request.url).searchParams.get("edit") === "1",
    history,
    addable: variants
      .filter((variant) => !onOrder.has(variant.variantId))
      .map((variant) => ({ variantId: variant.variantId, label: `${variant.productName} (${variant.variantName}) · ${variant.supplierName}` })),
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
      fulfilmentState: order.fulfilmentState,
      fulfilmentChangedAt: order.fulfilmentChangedAt?.toISOString() ?? null,
      checkInPath: order.shippingMethodId ? `/admin/order-cycles/${order.orderCycleId}/pickup/${order.distributorId}/${order.shippingMethodId}` : null,
    },
    shop: summary.distributorName,
    readyFor: summary.readyFor,
    readyOn: summary.readyOn,
    shipping: { name: summary.shippingName, kind: summary.shippingKind, address: summary.shippingAddress },
    payment: { name: summary.paymentName },
    lines: summary.lines.map((line) => ({
      id: line.id,
      variantId: line.variantId,
      soldByWeight: byVariant.get(line.variantId)?.soldByWeight ?? line.actualWeightGrams !== null,
      nominalWeightGrams: byVariant.get(line.variantId)?.weightGrams ?? null,
      actualWeightGrams: line.actualWeightGrams,
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
    payments: {
      orderState: order.state,
      totalCents: order.totalCents,
      ...summary.figures,
      records: summary.payments.map((record) => ({
        id: record.id,
        kind: record.kind,
        method: record.method,
        amountCents: record.amountCents,
        state: record.state,
        at: record.occurredAt.toISOString(),
        recordedBy: record.recordedByUserId ? (recorders.get(record.recordedByUserId) ?? null) : null,
        note: record.note,
      })),
      today: hubToday(summary.timeZone),
      cardRefundableCents: cardRefundable(summary.payments).reduce((sum, entry) => sum + entry.remainingCents, 0),
      // A fresh key per page shown: submitting the same form twice (a double tap, a resent post) records once.
      idempotencyKey: crypto.randomUUID(),
    } satisfies OrderPaymentsView,
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const caller = await requireUserPage(request);
  const locale = await resolveLocale(request, caller.user.locale);
  const form = await request.formData();
  const { cycleId, orderId } = params as { cycleId: string; orderId: string };
  return handleForm({ request, locale, form }, async () => {
    if (form.get("intent") === "issueInvoice") {
      const { invoice, created } = await issueInvoice(caller.actor, orderId);
      throw redirect(`/admin/order-cycles/${cycleId}/orders/${orderId}?${created ? "invoiced" : "invoiceUpToDate"}=${encodeURIComponent(invoice.number)}`);
    }
    const intent = form.get("intent");
    if (intent === "payment" || intent === "refund") return moneyAction(caller.actor, cycleId, orderId, intent, form);
    const { lines, addedId } = adjustmentFromForm(form);
    const note = String(form.get("note") ?? "");
    await adjustOrderAtHub(caller.actor, cycleId, orderId, { lines, note }).catch((error: unknown) => {
      throw error instanceof DomainError ? atFormFields(error, addedId) : error;
    });
    throw redirect(`/admin/order-cycles/${cycleId}/orders/${orderId}?adjusted=1`);
  });
}

/** A payment received or a refund, from the payments panel; the way back says which, so the page confirms it. */
async function moneyAction(actor: Actor, cycleId: string, orderId: string, intent: "payment" | "refund", form: FormData): Promise<never> {
  // The order must be this cycle's and the caller its shop's or the coordinator's (404 otherwise, as the page).
  const { timeZone } = await orderForHub(actor, cycleId, orderId);
  const read = (name: string) => String(form.get(name) ?? "");
  const options = { idempotencyKey: read("idempotencyKey") || null };
  const names = intent === "payment" ? paymentFormFields : refundFormFields;
  try {
    if (intent === "payment") await recordPayment(actor, orderId, paymentInputFromForm(read, hubToday(timeZone)), options);
    else await refundOrder(actor, orderId, refundInputFromForm(read), options);
  } catch (error) {
    throw error instanceof DomainError ? atPaymentFields(error, names) : error;
  }
  throw redirect(`/admin/order-cycles/${cycleId}/orders/${orderId}?${intent === "payment" ? "paid" : "refunded"}=1#payments-heading`);
}

const hubToday = (timeZone: string) => toLocalInput(new Date(), timeZone).slice(0, 10);

/** The form's fields as the adjustment's lines: `qty:<variant>`, `weight:<variant>` (grams; empty prices by the piece), and one product to add. */
function adjustmentFromForm(form: FormData) {
  const number = (value: FormDataEntryValue | null) => (String(value ?? "").trim() === "" ? Number.NaN : Number(String(value).trim().replace(",", ".")));
  const lines: { variantId: string; quantity: number; actualWeightGrams?: number | null }[] = [];
  for (const [name, value] of form.entries()) {
    if (!name.startsWith("qty:")) continue;
    const variantId = name.slice(4);
    const weight = form.get(`weight:${variantId}`);
    lines.push({
      variantId,
      quantity: number(value),
      ...(weight === null ? {} : { actualWeightGrams: String(weight).trim() === "" ? null : number(weight) }),
    });
  }
  const addedId = String(form.get("add-variant") ?? "").trim();
  if (addedId) lines.push({ variantId: addedId, quantity: number(form.get("add-quantity") || "1") });
  return { lines, addedId };
}

/** The domain names a line's fields `lines.<variant>` and `lines.<variant>.actualWeightGrams`; the form's are `qty:`, `weight:` and the added product's quantity. */
function atFormFields(error: DomainError, addedId: string): DomainError {
  const fields = Object.fromEntries(
    Object.entries(error.fields).map(([name, field]) => {
      const [, variantId, part] = name.split(".");
      if (!variantId) return [name, field];
      if (part === "actualWeightGrams") return [`weight:${variantId}`, field];
      return [variantId === addedId ? "add-quantity" : `qty:${variantId}`, field];
    }),
  );
  return new DomainError(error.code, fields, error.values);
}

export default function HubOrder() {
  const { t, i18n } = useT("cycles");
  const { t: tShop } = useT("shop");
  const { t: tInvoices } = useT("invoices");
  const loaded = useLoaderData<typeof loader>();
  const { cycleId } = useParams();
  // The list's search and filters, passed along by the list, so the way back returns to them.
  const backQuery = useLocation().search;
  const { order } = loaded;
  const result = useActionData<typeof action>() as FormResult;
  const [search] = useSearchParams();
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
      {search.get("entered") ? (
        <div className="alert alert-success" role="status">
          {t("orders.entry.entered", { name: order.buyerName || order.email })}
        </div>
      ) : null}
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
            <dd>
              {order.hasAccount
                ? t(loaded.enteredBy ? "orders.detail.enteredForAccount" : "orders.detail.hasAccount")
                : t(loaded.enteredBy ? "orders.detail.enteredNoAccount" : "orders.detail.guest")}
            </dd>
            {loaded.enteredBy ? (
              <>
                <dt>{t("orders.detail.enteredBy")}</dt>
                <dd>
                  {loaded.enteredBy.enterpriseName
                    ? t("orders.detail.enteredByValue", {
                        name: loaded.enteredBy.userName || loaded.enteredBy.userEmail,
                        enterprise: loaded.enteredBy.enterpriseName,
                      })
                    : loaded.enteredBy.userName || loaded.enteredBy.userEmail}
                </dd>
              </>
            ) : null}
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
            {order.state === "placed" ? (
              <>
                <dt>{t("pickup.status")}</dt>
                <dd>
                  {t(`pickup.states.${order.fulfilmentState}`)}
                  {order.fulfilmentChangedAt && order.fulfilmentState !== "pending" ? ` · ${when(order.fulfilmentChangedAt)}` : null}
                  {order.checkInPath ? (
                    <>
                      {" · "}
                      <Link to={`${order.checkInPath}?q=${order.number}`}>{t("pickup.openCheckIn")}</Link>
                    </>
                  ) : null}
                </dd>
              </>
            ) : null}
          </dl>
        </section>
      </div>
      {search.get("adjusted") ? (
        <div className="alert alert-success" role="status">
          {t("orders.adjust.saved")}
        </div>
      ) : null}
      {loaded.editing ? (
        <AdjustForm loaded={loaded} result={result?.intent === "payment" || result?.intent === "refund" ? undefined : result} />
      ) : (
        <section className="card" aria-labelledby="items-heading">
          <div className="card-title-row">
            <h3 id="items-heading">{tShop("order.items")}</h3>
            {loaded.canAdjust ? (
              <Link to="?edit=1" className="button button-secondary button-small no-print">
                {t("orders.adjust.start")}
              </Link>
            ) : null}
          </div>
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
                      {line.actualWeightGrams !== null ? (
                        <div className="hint">{t("orders.adjust.weighed", { weight: formatWeight(line.actualWeightGrams, i18n.language) })}</div>
                      ) : null}
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
      )}
      <OrderPayments
        view={loaded.payments}
        result={result}
        timeZone={loaded.timeZone}
        notice={search.get("paid") ? t("orderPayments.recorded") : search.get("refunded") ? t("orderPayments.refunded") : undefined}
      />
      <InvoiceList
        invoices={loaded.invoices}
        timeZone={loaded.timeZone}
        href={(invoiceId) => `/orders/${order.id}/invoices/${invoiceId}`}
        headingLevel={3}
        canIssue={order.state === "placed" || loaded.invoices.some((invoice) => invoice.kind === "invoice" && !invoice.credited)}
        notice={
          search.get("invoiced")
            ? tInvoices("list.issued", { number: search.get("invoiced") })
            : search.get("invoiceUpToDate")
              ? tInvoices("list.upToDate", { number: search.get("invoiceUpToDate") })
              : undefined
        }
      />
      <OrderHistory entries={loaded.history} timeZone={loaded.timeZone} />
      <p className="no-print">
        <Link to={`/orders/${order.id}`}>{t("orders.detail.buyerView")}</Link>
      </p>
    </section>
  );
}

type Loaded = ReturnType<typeof useLoaderData<typeof loader>>;

/** The edit mode: one block per line (quantity, and the actual weight when sold by weight), a product to add, a note. */
function AdjustForm({ loaded, result }: { loaded: Loaded; result: FormResult }) {
  const { t, i18n } = useT("cycles");
  const busy = useNavigation().state !== "idle";
  const error = (name: string) => result?.fieldErrors?.[name];
  return (
    <Form method="post" className="card adjust-form" aria-labelledby="adjust-heading" noValidate>
      <h3 id="adjust-heading">{t("orders.adjust.heading")}</h3>
      <p className="hint">{t("orders.adjust.intro")}</p>
      <ErrorSummary result={result} />
      {error("lines") ? <div className="field-error">{error("lines")}</div> : null}
      <ul className="adjust-lines">
        {loaded.lines.map((line) => (
          <li key={line.variantId} className="adjust-line">
            <div className="adjust-line-name">
              <strong>{line.productName}</strong> <span className="muted">({line.variantName})</span>
              <div className="hint">
                <Money cents={line.unitPriceCents} /> {t("orders.adjust.perUnit")}
                {line.soldByWeight && line.nominalWeightGrams
                  ? ` · ${t("orders.adjust.nominal", { weight: formatWeight(line.nominalWeightGrams, i18n.language) })}`
                  : ""}
              </div>
            </div>
            <div className="adjust-line-fields">
              <TextField
                label={t("orders.adjust.quantity")}
                name={`qty:${line.variantId}`}
                type="number"
                inputMode="numeric"
                min={0}
                max={999}
                step={1}
                className="qty-input"
                defaultValue={keep(result, `qty:${line.variantId}`, line.quantity)}
                hint={t("orders.adjust.zeroRemoves")}
                error={error(`qty:${line.variantId}`)}
              />
              {line.soldByWeight ? (
                <TextField
                  label={t("orders.adjust.actualWeight")}
                  name={`weight:${line.variantId}`}
                  type="number"
                  inputMode="numeric"
                  min={1}
                  step={1}
                  className="weight-input"
                  defaultValue={keep(result, `weight:${line.variantId}`, line.actualWeightGrams)}
                  hint={t("orders.adjust.weightHint")}
                  error={error(`weight:${line.variantId}`)}
                />
              ) : null}
            </div>
          </li>
        ))}
      </ul>
      {loaded.addable.length ? (
        <fieldset className="adjust-add">
          <legend>{t("orders.adjust.add")}</legend>
          <SelectField
            label={t("orders.adjust.addProduct")}
            name="add-variant"
            defaultValue={keep(result, "add-variant", "")}
            options={[
              { value: "", label: t("orders.adjust.addNone") },
              ...loaded.addable.map((variant) => ({ value: variant.variantId, label: variant.label })),
            ]}
          />
          <TextField
            label={t("orders.adjust.quantity")}
            name="add-quantity"
            type="number"
            inputMode="numeric"
            min={1}
            max={999}
            step={1}
            className="qty-input"
            defaultValue={keep(result, "add-quantity", "1")}
            error={error("add-quantity")}
          />
        </fieldset>
      ) : null}
      <TextAreaField
        label={t("orders.adjust.note")}
        name="note"
        rows={2}
        maxLength={500}
        defaultValue={keep(result, "note", "")}
        hint={t("orders.adjust.noteHint")}
      />
      <div className="form-actions">
        <button type="submit" className="button" disabled={busy}>
          {t("orders.adjust.save")}
        </button>
        <Link to="?" className="button button-secondary">
          {t("orders.adjust.cancel")}
        </Link>
      </div>
    </Form>
  );
}
