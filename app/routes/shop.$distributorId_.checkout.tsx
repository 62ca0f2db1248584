// Checkout: contact details, pickup point or delivery, payment method, and the order summary with fees.
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { useEffect, useState } from "react";
import { useT } from "#app/i18n/use-t";
import { checkoutView } from "#app/domain/shop/cart.server";
import { loadShop } from "#app/domain/shop/catalogue.server";
import { orderAccessKey } from "#app/domain/orders/links.server";
import { checkOutCart } from "#app/domain/shop/checkout.server";
import { handleForm, type FormFailure } from "#app/http/forms.server";
import { statusFor, translateFieldErrors, errorMessage } from "#app/http/errors.server";
import { shopBuyer } from "#app/http/shop-buyer.server";
import { resolveLocale } from "#app/i18n/locale.server";
import { CheckboxField, ErrorSummary, TextAreaField, TextField, keep, type FormResult } from "#app/ui/form";
import { data } from "@remix-run/node";
import { readyForText } from "#app/domain/shop/ready-for";
import { CartChanges } from "#app/ui/cart-changes";
import { CartLines } from "#app/ui/cart-lines";
import { Money } from "#app/ui/money";
import { pageTitle } from "#app/ui/page-title";
import { formatPercent } from "#app/i18n/format";
import { publicThresholdJson, thresholdsOfCycles } from "#app/domain/thresholds/queries.server";
import { ThresholdList } from "#app/ui/threshold-progress";
import { creditAvailableTo } from "#app/domain/loyalty/commands.server";
import { creditFromForm } from "#app/domain/loyalty/rules";
import { parseMoney } from "#app/domain/money";

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => [{ title: pageTitle(matches, "checkout", [data?.shop.name]) }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { caller, owner, buyer } = await shopBuyer(request, params.distributorId!);
  const shop = await loadShop(params.distributorId!);
  if (!shop) throw new Response("Not found", { status: 404 });
  const checkout = await checkoutView(params.distributorId!, owner, buyer);
  const cart = checkout?.cart;
  if (!checkout || !cart || cart.lines.length === 0) throw redirect(`/shop/${params.distributorId}${cart?.changes.length ? "?emptied=1" : ""}`);
  return {
    shop: { id: shop.id, name: shop.name },
    cart,
    options: checkout.options,
    totalsByShippingMethod: checkout.totalsByShippingMethod,
    user: caller ? { email: caller.user.email, name: caller.user.name } : null,
    thresholds: (await thresholdsOfCycles([cart.orderCycleId], { distributorId: shop.id })).map(publicThresholdJson),
    creditCents: await creditAvailableTo(caller?.user, shop.id),
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { caller, owner, buyer } = await shopBuyer(request, params.distributorId!);
  const locale = await resolveLocale(request, caller?.user.locale);
  const form = await request.formData();
  const values = Object.fromEntries([...form].filter(([name]) => name !== "intent").map(([name, value]) => [name, String(value)]));
  // A promo code typed: the totals with its discount come back with every answer, so a refusal elsewhere keeps it shown.
  const promoCode = String(form.get("promoCode") ?? "").trim();
  const checkout = promoCode
    ? await checkoutView(params.distributorId!, owner, buyer, new Date(), {
        code: promoCode,
        buyer: { email: caller?.user.email ?? String(form.get("email") ?? "").trim(), userId: caller?.user.id ?? null, tagsCount: Boolean(caller) },
        locale,
      })
    : undefined;
  const promo = checkout?.promo && "code" in checkout.promo ? { code: checkout.promo.code, totalsByShippingMethod: checkout.totalsByShippingMethod } : null;
  const refusal = checkout?.promo && "refusal" in checkout.promo ? checkout.promo.refusal : null;
  // Applying the code (or placing with a code not applied yet) answers with its discount or its refusal; nothing is placed.
  if (form.get("intent") === "applyPromo" || (promoCode && promoCode.toLowerCase() !== String(form.get("appliedPromoCode") ?? "").toLowerCase())) {
    if (refusal)
      return data<FormFailure & { promo: null }>(
        {
          ok: false,
          intent: "applyPromo",
          formError: errorMessage(refusal, locale),
          fieldErrors: translateFieldErrors(refusal.fields, locale),
          fieldErrorKeys: { promoCode: refusal.fields.promoCode?.key ?? "" },
          values,
          promo: null,
        },
        { status: statusFor(refusal.code) },
      );
    return { ok: true, intent: "applyPromo", values, promo };
  }
  // Without JavaScript the buyer asks for the total of the method they chose: the page comes back with it, nothing is placed.
  if (form.get("intent") === "review") return { ok: true, intent: "review", values, promo };
  const placed = await handleForm({ request, locale, form }, async () => {
    const orderId = await checkOutCart(
      params.distributorId!,
      owner,
      caller
        ? {
            userId: caller.user.id,
            email: caller.user.email,
            name: caller.user.name,
            locale: caller.user.locale,
            managedEnterpriseIds: caller.actor.enterpriseIds,
          }
        : undefined,
      {
        shippingMethodId: String(form.get("shippingMethodId") ?? ""),
        paymentMethodId: String(form.get("paymentMethodId") ?? ""),
        email: caller ? undefined : String(form.get("email") ?? ""),
        name: String(form.get("name") ?? ""),
        phone: String(form.get("phone") ?? ""),
        deliveryAddress: String(form.get("deliveryAddress") ?? ""),
        expectedTotalCents: form.has("expectedTotalCents") ? Number(form.get("expectedTotalCents")) : undefined,
        asGuest: form.get("asGuest") === "yes",
        useCreditCents: creditFromForm(form.get("useCredit")),
        marketingConsent: form.get("marketingConsent") === "on",
        promoCode,
        locale,
      },
      locale,
      new Date(),
      buyer.shareKeys,
    );
    if (!orderId) throw redirect(`/shop/${params.distributorId}`);
    throw redirect(`/orders/${orderId}?key=${orderAccessKey(orderId)}&placed=1`);
  });
  // A refused order keeps the code's totals on the page (the code itself is refused at its field when it is the cause).
  if (promo && placed && typeof placed === "object" && "data" in placed) Object.assign(placed.data as object, { promo });
  return placed;
}

export default function Checkout() {
  const { t, i18n } = useT("shop");
  const { shop, cart, options, totalsByShippingMethod, user, thresholds, creditCents } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>() as FormResult;
  // A review (no JavaScript) echoes the choices back like a refused submission does, so every field keeps them.
  const result: FormResult = actionData?.intent === "review" || actionData?.intent === "applyPromo" ? { ...actionData, ok: false } : actionData;
  // The applied code and its totals, when the last answer brought them.
  const promo = (actionData as { promo?: { code: string; totalsByShippingMethod: typeof totalsByShippingMethod } | null } | undefined)?.promo ?? null;
  // A full pickup point is shown, never chosen (docs/domain.md 12): the first one with a place is.
  const firstShippingId = (options?.shippingMethods.find((method) => !method.full) ?? options?.shippingMethods[0])?.id ?? "";
  // The choice sent back with a refusal, unless it is full now (it was refused for that): then the first with a place.
  const keptShipping = () => {
    const kept = keep(result, "shippingMethodId");
    return kept && !options?.shippingMethods.find((method) => method.id === kept)?.full ? kept : firstShippingId;
  };
  const [shippingMethodId, setShippingMethodId] = useState(keptShipping);
  // The review button is for browsers without JavaScript: with it, the total follows the choice live.
  const [isEnhanced, setIsEnhanced] = useState(false);
  useEffect(() => setIsEnhanced(true), []);
  useEffect(() => setShippingMethodId(keptShipping()), [actionData, firstShippingId]); // eslint-disable-line react-hooks/exhaustive-deps
  const quotes = promo?.totalsByShippingMethod ?? totalsByShippingMethod;
  const totals = quotes[shippingMethodId] ?? quotes[firstShippingId] ?? cart;
  const fieldError = (name: string) => result?.fieldErrors?.[name];
  // What the buyer typed in "Use my credit", for the summary's "left to pay" (the server decides).
  const [creditTyped, setCreditTyped] = useState(() => keep(result, "useCredit") ?? "");
  const creditUsed = Math.min(parseMoney(creditTyped) ?? 0, totals.totalCents);
  const lineErrors = Object.entries(result?.fieldErrors ?? {}).filter(([name]) => name.startsWith("lines."));

  if (!options) {
    return (
      <main id="main" className="page page-medium">
        <div className="card">
          <h1>{t("checkout.closedTitle")}</h1>
          <p>{t("checkout.closed")}</p>
          <Link to={`/shop/${shop.id}`} className="button button-secondary">
            {t("checkout.backToShop")}
          </Link>
        </div>
      </main>
    );
  }

  return (
    <main id="main" className="page checkout-page">
      <div className="page-header">
        <div>
          <p className="muted">
            <Link to={`/shop/${shop.id}`}>{shop.name}</Link>
          </p>
          <h1>{t("checkout.title")}</h1>
          <p className="muted">{t("checkout.readyFor", { readyFor: readyForText(options, i18n.language) || t("shop.untitledCycle") })}</p>
        </div>
      </div>
      <ErrorSummary result={actionData} />
      {options.full ? (
        <div className="alert alert-warning" role="status">
          {t("checkout.cycleFull")}
        </div>
      ) : null}
      <CartChanges changes={cart.changes} />
      {lineErrors.length ? (
        <div className="alert alert-error" role="alert">
          {lineErrors.map(([name, message]) => {
            // lines.<variantId>: named by the product, since the cart is what the buyer sees.
            const line = cart.lines.find((candidate) => `lines.${candidate.variantId}` === name);
            return (
              <div key={name}>{line ? t("common:format.labelValue", { label: `${line.productName} (${line.variantName})`, value: message }) : message}</div>
            );
          })}
        </div>
      ) : null}
      <div className="checkout-layout">
        <Form method="post" className="form checkout-form" noValidate>
          <fieldset>
            <legend>{t("checkout.contact")}</legend>
            {user ? (
              <p>{t("checkout.signedInAs", { email: user.email })}</p>
            ) : (
              <>
                <p className="muted small">
                  {t("checkout.haveAccount")} <Link to={`/login?redirectTo=${encodeURIComponent(`/shop/${shop.id}/checkout`)}`}>{t("checkout.logIn")}</Link>
                </p>
                <TextField
                  label={t("checkout.email")}
                  hint={t("checkout.emailHint")}
                  type="email"
                  name="email"
                  autoComplete="email"
                  defaultValue={keep(result, "email")}
                  error={fieldError("email")}
                  required
                />
                {result?.fieldErrorKeys?.email === "accountExists" ? (
                  <div className="account-choice row">
                    <Link to={`/login?redirectTo=${encodeURIComponent(`/shop/${shop.id}/checkout`)}`} className="button button-small">
                      {t("checkout.logInToOrder")}
                    </Link>
                    <button type="submit" name="asGuest" value="yes" className="button button-secondary button-small">
                      {t("checkout.orderAsGuest")}
                    </button>
                  </div>
                ) : null}
              </>
            )}
            <div className="form-row">
              <TextField
                label={t("checkout.name")}
                name="name"
                autoComplete="name"
                defaultValue={keep(result, "name", user?.name)}
                error={fieldError("name")}
              />
              <TextField
                label={t("checkout.phone")}
                type="tel"
                name="phone"
                autoComplete="tel"
                defaultValue={keep(result, "phone")}
                error={fieldError("phone")}
              />
            </div>
          </fieldset>
          <fieldset>
            <legend>{t("checkout.shipping")}</legend>
            {options.shippingMethods.map((method) => (
              <label key={method.id} className="choice">
                <input
                  type="radio"
                  name="shippingMethodId"
                  value={method.id}
                  data-kind={method.kind}
                  checked={method.id === shippingMethodId && !method.full}
                  disabled={method.full}
                  aria-describedby={method.full ? `full-${method.id}` : undefined}
                  onChange={() => setShippingMethodId(method.id)}
                />
                <span>
                  <strong>{method.name}</strong>
                  {method.full ? (
                    <>
                      {" "}
                      <span id={`full-${method.id}`} className="badge badge-closed">
                        {t("checkout.full")}
                      </span>
                    </>
                  ) : null}
                  {method.kind === "pickup" ? (
                    <span className="muted choice-detail">{[method.address, method.openingHours].filter(Boolean).join(" · ")}</span>
                  ) : (
                    <span className="muted choice-detail">
                      {t("checkout.delivery")}
                      {method.feeCents ? (
                        <>
                          {" "}
                          · <Money cents={method.feeCents} />
                        </>
                      ) : null}
                    </span>
                  )}
                  {method.description ? <span className="muted choice-detail">{method.description}</span> : null}
                </span>
              </label>
            ))}
            {fieldError("shippingMethodId") ? <div className="field-error">{fieldError("shippingMethodId")}</div> : null}
            {isEnhanced || options.shippingMethods.length < 2 ? null : (
              <button type="submit" name="intent" value="review" formNoValidate className="button button-secondary button-small">
                {t("checkout.showTotal")}
              </button>
            )}
            {options.shippingMethods.some((method) => method.kind === "delivery") ? (
              <div className="delivery-address">
                <TextAreaField
                  label={t("checkout.deliveryAddress")}
                  hint={t("checkout.deliveryAddressHint")}
                  name="deliveryAddress"
                  autoComplete="street-address"
                  defaultValue={keep(result, "deliveryAddress")}
                  error={fieldError("deliveryAddress")}
                  maxLength={500}
                />
              </div>
            ) : null}
          </fieldset>
          <fieldset>
            <legend>{t("checkout.payment")}</legend>
            {options.paymentMethods.map((method, index) => (
              <label key={method.id} className="choice">
                <input
                  type="radio"
                  name="paymentMethodId"
                  value={method.id}
                  defaultChecked={keep(result, "paymentMethodId") ? keep(result, "paymentMethodId") === method.id : index === 0}
                />
                <span>
                  <strong>{method.name}</strong>
                  <span className="muted choice-detail">{t(`checkout.paymentKinds.${method.kind}`)}</span>
                </span>
              </label>
            ))}
            {fieldError("paymentMethodId") ? <div className="field-error">{fieldError("paymentMethodId")}</div> : null}
          </fieldset>
          {creditCents > 0 ? (
            <fieldset>
              <legend>{t("loyalty.checkout.legend")}</legend>
              <p className="muted small">
                {t("loyalty.checkout.available", { amount: "" })}
                <Money cents={creditCents} />
              </p>
              <TextField
                label={t("loyalty.checkout.useCredit")}
                hint={t("loyalty.checkout.useCreditHint")}
                name="useCredit"
                inputMode="decimal"
                autoComplete="off"
                defaultValue={keep(result, "useCredit")}
                onChange={(event) => setCreditTyped(event.currentTarget.value)}
                error={fieldError("useCreditCents")}
              />
            </fieldset>
          ) : null}
          <CheckboxField
            label={t("checkout.marketingConsent")}
            hint={t("checkout.marketingConsentHint", { shop: shop.name })}
            name="marketingConsent"
            defaultChecked={result?.ok === false ? result.values?.marketingConsent === "on" : false}
          />
          <fieldset className="promo-code">
            <legend>{t("checkout.promo.title")}</legend>
            <div className="row promo-code-row">
              <TextField
                label={t("checkout.promo.label")}
                hint={t("checkout.promo.hint")}
                name="promoCode"
                autoComplete="off"
                autoCapitalize="characters"
                maxLength={40}
                defaultValue={keep(result, "promoCode")}
                error={fieldError("promoCode")}
              />
              <button type="submit" name="intent" value="applyPromo" formNoValidate className="button button-secondary button-small">
                {t("checkout.promo.apply")}
              </button>
            </div>
            {promo ? (
              <p className="notice small" role="status">
                {t("checkout.promo.applied", { code: promo.code })} <Money cents={-(totals.discountCents ?? 0)} />
              </p>
            ) : null}
            <input type="hidden" name="appliedPromoCode" value={promo?.code ?? ""} />
          </fieldset>
          <div className="form-actions">
            <input type="hidden" name="expectedTotalCents" value={totals.totalCents} />
            <button type="submit" className="button" disabled={options.full || options.shippingMethods.every((method) => method.full)}>
              {t("checkout.place", { total: "" })}
              <Money cents={totals.totalCents} />
            </button>
            <Link to={`/shop/${shop.id}`} className="button button-quiet">
              {t("checkout.backToShop")}
            </Link>
          </div>
        </Form>
        <aside className="card order-summary" aria-labelledby="summary-heading">
          <h2 id="summary-heading">{t("checkout.summary")}</h2>
          <div aria-live="polite">
            <CartLines cart={{ lines: cart.lines, adjustments: totals.adjustments }} />
            <div className="row cart-total">
              <strong>{t("checkout.totalToPay")}</strong>
              <strong>
                <Money cents={totals.totalCents} />
              </strong>
            </div>
            {creditUsed > 0 ? (
              <>
                <div className="row">
                  <span>{t("loyalty.checkout.paidWithCredit")}</span>
                  <span>
                    −<Money cents={creditUsed} />
                  </span>
                </div>
                <div className="row cart-total">
                  <strong>{t("loyalty.checkout.leftToPay")}</strong>
                  <strong>
                    <Money cents={totals.totalCents - creditUsed} />
                  </strong>
                </div>
              </>
            ) : null}
            {totals.taxByRate.map((tax) => (
              <div key={tax.rateBasisPoints} className="row muted small">
                <span>{t("checkout.taxIncluded", { rate: formatPercent(tax.rateBasisPoints / 100, i18n.language) })}</span>
                <Money cents={tax.taxCents} />
              </div>
            ))}
          </div>
          <p className="hint">{t("checkout.everyFeeIncluded")}</p>
          <ThresholdList thresholds={thresholds} distributorId={shop.id} cycleId={cart.orderCycleId} poll inline />
        </aside>
      </div>
    </main>
  );
}
