// The buyer's order: what, when, where, how to pay; change quantities or cancel until the cycle closes.
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { useT } from "#app/i18n/use-t";
import { DomainError } from "#app/domain/errors";
import { cancelOrder, changeOrderLines } from "#app/domain/orders/changes.server";
import { orderForRequester } from "#app/domain/orders/queries.server";
import { readyForText } from "#app/domain/shop/ready-for";
import { handleForm } from "#app/http/forms.server";
import { orderRequester } from "#app/http/order-requester.server";
import { resolveLocale } from "#app/i18n/locale.server";
import { translator } from "#app/i18n/resources.server";
import { ErrorSummary, keep, type FormResult } from "#app/ui/form";
import { Money } from "#app/ui/money";

import { CasesOf, OrderTotalRows } from "#app/ui/cart-lines";
import { BuyerPayments, type BuyerPaymentsView } from "#app/ui/buyer-payments";
import { countsAsReceived, countsAsRefunded } from "#app/domain/payments/balance";
import { formatInstant } from "#app/i18n/format";
import { invoicesOfOrder } from "#app/domain/invoices/queries.server";
import { InvoiceList } from "#app/ui/invoice-list";
import { isWholeCases, largestWholeCases } from "#app/domain/orders/cases";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? "Circuit" }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const orderId = params.orderId!;
  const { requester, caller } = await orderRequester(request, orderId);
  const { summary, abilities, unitsPerCase } = await orderForRequester(requester, orderId).catch((error) => {
    if (error instanceof DomainError) throw new Response("Not found", { status: 404 });
    throw error;
  });
  const locale = await resolveLocale(request, caller?.user.locale);
  return {
    title: `${translator(locale, "shop")("order.title", { number: summary.order.number })} · ${summary.distributorName}`,
    order: {
      id: summary.order.id,
      number: String(summary.order.number),
      state: summary.order.state,
      paymentState: summary.figures.paymentState,
      paidCents: summary.figures.paidCents,
      balanceCents: summary.figures.balanceCents,
      email: summary.order.email,
      deliveryAddress: summary.order.deliveryAddress,
      itemsTotalCents: summary.order.itemsTotalCents,
      totalCents: summary.order.totalCents,
      distributorId: summary.order.distributorId,
    },
    shop: summary.distributorName,
    readyFor: summary.readyFor,
    readyOn: summary.readyOn,
    pickupInstructions: summary.pickupInstructions,
    deliveryDetails: summary.deliveryDetails,
    where: summary.where,
    shipping: { name: summary.shippingName, kind: summary.shippingKind, address: summary.shippingAddress, openingHours: summary.openingHours },
    payment: { name: summary.paymentName, kind: summary.paymentKind, instructions: summary.paymentInstructions },
    lines: summary.lines.map((line) => ({
      variantId: line.variantId,
      productName: line.productName,
      variantName: line.variantName,
      quantity: line.quantity,
      unitPriceCents: line.unitPriceCents,
      totalCents: line.totalCents,
      unitsPerCase: (line.variantId && unitsPerCase[line.variantId]) || 1,
    })),
    adjustments: summary.adjustments.map((adjustment) => ({
      label: adjustment.label,
      enterpriseName: adjustment.enterpriseName,
      place: adjustment.place,
      supplierName: adjustment.supplierName,
      amountCents: adjustment.amountCents,
    })),
    taxByRate: summary.taxByRate,
    closesAt: summary.closesAt?.toISOString() ?? null,
    timeZone: summary.timeZone,
    payments: {
      orderState: summary.order.state,
      paymentKind: summary.paymentKind,
      totalCents: summary.order.totalCents,
      paidCents: summary.figures.paidCents,
      balanceCents: summary.figures.balanceCents,
      hasRecords: summary.payments.some((record) => countsAsReceived(record) || countsAsRefunded(record)),
      refunds: summary.payments
        .filter(countsAsRefunded)
        .map((record) => ({ id: record.id, amountCents: record.amountCents, method: record.method, state: record.state, at: record.occurredAt.toISOString() })),
    } satisfies BuyerPaymentsView,
    invoices: await invoicesOfOrder(orderId),
    ...abilities,
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const orderId = params.orderId!;
  const { caller, requester, givenKey: key } = await orderRequester(request, orderId);
  const locale = await resolveLocale(request, caller?.user.locale);
  const form = await request.formData();
  return handleForm({ request, locale, form }, async () => {
    if (form.get("intent") === "cancel") {
      await cancelOrder(requester, orderId);
    } else {
      const lines = [...form.entries()]
        .filter(([name]) => name.startsWith("qty:"))
        .map(([name, value]) => ({ variantId: name.slice(4), sent: String(value).trim(), quantity: Number(String(value).trim() || "0") }));
      const notWhole = lines.filter((line) => !Number.isInteger(line.quantity));
      if (notWhole.length)
        throw new DomainError(
          "validation_failed",
          Object.fromEntries(notWhole.map((line) => [`qty:${line.variantId}`, { key: "wholeQuantity", values: { value: line.sent } }])),
        );
      await changeOrderLines(requester, orderId, { lines: lines.map(({ variantId, quantity }) => ({ variantId, quantity })) }).catch((error) => {
        throw error instanceof DomainError
          ? atQuantityFields(
              error,
              lines.map((line) => line.variantId),
            )
          : error;
      });
    }
    throw redirect(`/orders/${orderId}${key ? `?key=${encodeURIComponent(key)}&` : "?"}updated=1`);
  });
}

/** The domain names a line by its place or its variant ("lines.0.quantity", "lines.<variant>"); the form's field is "qty:<variant>". */
function atQuantityFields(error: DomainError, variantIds: readonly string[]): DomainError {
  const fields = Object.fromEntries(
    Object.entries(error.fields).map(([name, field]) => {
      const [, key] = name.split(".");
      const variantId = key !== undefined && /^\d+$/.test(key) ? variantIds[Number(key)] : key;
      return [variantId && name.startsWith("lines.") ? `qty:${variantId}` : name, field];
    }),
  );
  return new DomainError(error.code, fields, error.values);
}

export default function OrderPage() {
  const { t, i18n } = useT("shop");
  const loaded = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>() as FormResult;
  const [params] = useSearchParams();
  const { order } = loaded;

  return (
    <main id="main" className="page page-medium">
      {params.get("placed") ? (
        <div className="alert alert-success" role="status">
          {t("order.thanks", { email: order.email })}
        </div>
      ) : null}
      {params.get("payment") === "success" ? (
        <div className="alert alert-success" role="status">
          {order.paymentState === "paid" ? t("order.paymentReceived") : t("order.paymentPending")}
        </div>
      ) : null}
      {params.get("payment") === "cancelled" ? (
        <div className="alert alert-warning" role="status">
          {t("order.paymentCancelled")}
        </div>
      ) : null}
      {params.get("updated") ? (
        <div className="alert alert-success" role="status">
          {order.state === "cancelled" ? t("order.cancelledNotice") : t("order.updated")}
        </div>
      ) : null}
      <ErrorSummary result={result} />
      <div className="page-header">
        <div>
          <p className="muted">{loaded.shop}</p>
          <h1>{t("order.title", { number: order.number })}</h1>
        </div>
        <span className={`badge ${order.state === "cancelled" ? "badge-closed" : order.paymentState === "paid" ? "badge-open" : "badge-upcoming"}`}>
          {order.state === "cancelled" ? t("order.states.cancelled") : t(`order.payment.${order.paymentState}`)}
        </span>
      </div>
      <section className="card">
        <dl className="facts">
          <dt>{t("order.readyFor")}</dt>
          <dd>
            <strong>{readyForText(loaded, i18n.language) || t("shop.untitledCycle")}</strong>
          </dd>
          <dt>{loaded.shipping.kind === "delivery" ? t("order.deliveryTo") : t("order.pickupAt")}</dt>
          <dd>{loaded.where}</dd>
          <dt>{t("order.paymentMethod")}</dt>
          <dd>{loaded.payment.name}</dd>
        </dl>
        {loaded.deliveryDetails ? (
          <p className="instructions">
            <strong>{t("order.deliveryDetails")}</strong>
            <br />
            {loaded.deliveryDetails}
          </p>
        ) : null}
        {loaded.pickupInstructions ? (
          <p className="instructions">
            <strong>{t("order.instructions")}</strong>
            <br />
            {loaded.pickupInstructions}
          </p>
        ) : null}
        {loaded.readyOn && order.state === "placed" ? (
          <p>
            <a
              className="button button-secondary button-small"
              href={`/orders/${order.id}/calendar.ics${params.get("key") ? `?key=${encodeURIComponent(params.get("key")!)}` : ""}`}
              download={`order-${order.number}.ics`}
            >
              {t("order.addToCalendar")}
            </a>{" "}
            <span className="muted">{t("order.addToCalendarHint")}</span>
          </p>
        ) : null}
        {loaded.payment.instructions && order.paymentState !== "paid" ? (
          <p className="instructions">
            <strong>{t("order.howToPay")}</strong>
            <br />
            {loaded.payment.instructions}
          </p>
        ) : null}
        {loaded.payment.kind === "stripe" && (order.paymentState === "unpaid" || order.paymentState === "partially_paid") && order.state === "placed" ? (
          <Form method="post" action={`/orders/${order.id}/pay${params.get("key") ? `?key=${encodeURIComponent(params.get("key")!)}` : ""}`}>
            <button type="submit" className="button">
              {t("order.payByCard")}
            </button>
          </Form>
        ) : null}
      </section>
      <BuyerPayments view={loaded.payments} timeZone={loaded.timeZone} />
      <Form method="post" className="card">
        <h2>{t("order.items")}</h2>
        <div className="table-wrap">
          <table>
            <caption className="visually-hidden">{t("order.items")}</caption>
            <thead>
              <tr>
                <th scope="col">{t("order.item")}</th>
                <th scope="col" className="num">
                  {t("order.quantity")}
                </th>
                <th scope="col" className="num hide-narrow">
                  {t("order.unitPrice")}
                </th>
                <th scope="col" className="num">
                  {t("order.amount")}
                </th>
              </tr>
            </thead>
            <tbody>
              {loaded.lines.map((line) => (
                <tr key={line.variantId}>
                  <td>
                    {line.productName} <span className="muted">({line.variantName})</span>
                    <CasesOf quantity={line.quantity} unitsPerCase={line.unitsPerCase} />
                  </td>
                  <td className="num">
                    {loaded.canChange ? (
                      <>
                        <label className="visually-hidden" htmlFor={`qty-${line.variantId}`}>
                          {t("order.quantityOf", { name: line.productName })}
                        </label>
                        <input
                          id={`qty-${line.variantId}`}
                          type="number"
                          name={`qty:${line.variantId}`}
                          min={0}
                          // By the case, unless the hub recorded a broken case: the browser would then refuse the form as it stands.
                          max={isWholeCases(line.quantity, line.unitsPerCase) ? largestWholeCases(999, line.unitsPerCase) : 999}
                          step={isWholeCases(line.quantity, line.unitsPerCase) ? line.unitsPerCase : 1}
                          defaultValue={keep(result, `qty:${line.variantId}`, line.quantity)}
                          className="qty-input"
                          aria-invalid={result?.fieldErrors?.[`qty:${line.variantId}`] ? true : undefined}
                          aria-describedby={result?.fieldErrors?.[`qty:${line.variantId}`] ? `qty-${line.variantId}-error` : undefined}
                        />
                        {result?.fieldErrors?.[`qty:${line.variantId}`] ? (
                          <div id={`qty-${line.variantId}-error`} className="field-error">
                            {result.fieldErrors[`qty:${line.variantId}`]}
                          </div>
                        ) : null}
                      </>
                    ) : (
                      line.quantity
                    )}
                  </td>
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
        {loaded.canChange ? (
          <div className="form-actions" style={{ marginTop: 16 }}>
            <button type="submit" name="intent" value="change" className="button button-secondary">
              {t("order.saveChanges")}
            </button>
            {loaded.closesAt ? (
              <span className="hint">{t("order.changeUntil", { when: formatInstant(loaded.closesAt, loaded.timeZone, i18n.language) })}</span>
            ) : null}
          </div>
        ) : loaded.keepsPaidLines ? (
          <p className="hint" style={{ marginTop: 16 }}>
            {t("order.paidNoChange", { shop: loaded.shop })}
          </p>
        ) : null}
      </Form>
      {loaded.canCancel ? (
        <details className="danger-details">
          <summary className="button button-danger button-small">{t("order.cancel")}</summary>
          <Form method="post" className="alert alert-error">
            <input type="hidden" name="intent" value="cancel" />
            <p>{t("order.cancelConfirm", { number: order.number })}</p>
            <button type="submit" className="button button-danger">
              {t("order.cancel")}
            </button>
          </Form>
        </details>
      ) : null}
      <InvoiceList
        invoices={loaded.invoices}
        timeZone={loaded.timeZone}
        href={(invoiceId) => `/orders/${order.id}/invoices/${invoiceId}${params.get("key") ? `?key=${encodeURIComponent(params.get("key")!)}` : ""}`}
      />
    </main>
  );
}
