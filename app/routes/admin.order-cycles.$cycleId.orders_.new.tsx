// A phone or paper order entered for a customer (docs/domain.md 12, decision 0048), by a manager of
// a shop of the cycle or of its coordinator. One column, made for a phone and for no JavaScript:
// choose the shop (when several), find the customer in its list (a GET search whose results fill
// the contact fields) or type a new one, give quantities, the pickup point and how they pay, see the
// total ("Update total" prices the lines with the order's own pricing), place. The customer gets
// the confirmation; the manager lands on the order's page.
import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation, useParams } from "@remix-run/react";
import { useT } from "#app/i18n/use-t";
import { requireUserPage } from "#app/auth/actor.server";
import { DomainError } from "#app/domain/errors";
import { orderEntryForm, placeOrderForCustomer, quoteOrderForCustomer } from "#app/domain/orders/for-customer.server";
import { entryQuantityField, orderEntryFormError, orderEntryFromForm } from "#app/domain/orders/forms";
import { handleForm } from "#app/http/forms.server";
import { pageError } from "#app/http/pages.server";
import { resolveLocale } from "#app/i18n/locale.server";
import { ErrorSummary, SelectField, TextAreaField, TextField, type FormResult } from "#app/ui/form";
import { Money } from "#app/ui/money";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const caller = await requireUserPage(request);
  const search = new URL(request.url).searchParams;
  const form = await orderEntryForm(caller.actor, params.cycleId!, { distributorId: search.get("distributorId"), search: search.get("q") }).catch(pageError);
  const chosenEmail = search.get("email")?.trim().toLowerCase() ?? "";
  return { ...form, q: search.get("q") ?? "", chosen: form.matches.find((match) => match.email.toLowerCase() === chosenEmail) ?? null };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const caller = await requireUserPage(request);
  const locale = await resolveLocale(request, caller.user.locale);
  const form = await request.formData();
  return handleForm({ request, locale, form }, async () => {
    try {
      const entry = orderEntryFromForm(form, params.cycleId!);
      if (entry.intent === "quote") {
        const totals = await quoteOrderForCustomer(caller.actor, entry.input);
        return { ok: true as const, intent: "quote", totals, values: Object.fromEntries([...form.entries()].map(([name, value]) => [name, String(value)])) };
      }
      const placed = await placeOrderForCustomer(caller.actor, entry.input, new Date(), locale);
      throw redirect(`/admin/order-cycles/${params.cycleId}/orders/${placed.order.id}?entered=1`);
    } catch (error) {
      throw error instanceof DomainError ? orderEntryFormError(error) : error;
    }
  });
}

type Quote = { ok: true; intent: "quote"; totals: { itemsTotalCents: number; feesTotalCents: number; totalCents: number }; values: Record<string, string> };

export default function NewOrderForCustomer() {
  const { t } = useT("cycles");
  const loaded = useLoaderData<typeof loader>();
  const sent = useActionData<typeof action>() as FormResult | Quote | undefined;
  const failure = sent && sent.ok === false ? sent : undefined;
  const quote = sent && sent.ok === true && "totals" in sent ? (sent as Quote) : undefined;
  const busy = useNavigation().state === "submitting";
  const errorOf = (name: string) => failure?.fieldErrors?.[name];
  // What the manager typed comes back after a refusal or a new total; a customer chosen from the list fills the contact.
  const kept = (name: string, fallback = "") => {
    const typed = failure?.values?.[name] ?? quote?.values[name];
    return typeof typed === "string" ? typed : fallback;
  };
  const back = `/admin/order-cycles/${useParams().cycleId}/orders`;
  const shop = loaded.distributor;
  const hasDelivery = loaded.shippingMethods.some((method) => method.kind === "delivery");
  return (
    <section aria-labelledby="entry-heading" className="order-entry">
      <p>
        <Link to={back}>← {t("orders.entry.back")}</Link>
      </p>
      <div className="page-header">
        <div>
          <h2 id="entry-heading">{t("orders.entry.heading")}</h2>
          <p className="muted">{t("orders.entry.lead")}</p>
        </div>
      </div>
      {loaded.distributors.length > 1 ? (
        <Form method="get" className="card form" aria-label={t("orders.entry.chooseShop")}>
          <SelectField
            label={t("orders.entry.shop")}
            name="distributorId"
            defaultValue={shop?.id ?? ""}
            options={[
              ...(shop ? [] : [{ value: "", label: t("orders.entry.chooseShop") }]),
              ...loaded.distributors.map((entry) => ({ value: entry.id, label: entry.name })),
            ]}
          />
          <button type="submit" className="button button-secondary">
            {t("orders.entry.useShop")}
          </button>
        </Form>
      ) : null}
      {shop ? (
        <>
          <Form method="get" className="card form" role="search" aria-label={t("orders.entry.findCustomer")}>
            <h3>{t("orders.entry.customer")}</h3>
            <input type="hidden" name="distributorId" value={shop.id} />
            <TextField
              label={t("orders.entry.findCustomer")}
              hint={t("orders.entry.findHint")}
              type="search"
              name="q"
              defaultValue={loaded.q}
              maxLength={120}
            />
            <button type="submit" className="button button-secondary">
              {t("orders.entry.search")}
            </button>
            {loaded.q ? (
              loaded.matches.length ? (
                <ul className="entry-matches">
                  {loaded.matches.map((match) => (
                    <li key={match.email}>
                      <Link to={`?${new URLSearchParams({ distributorId: shop.id, q: loaded.q, email: match.email })}#contact`}>
                        {match.name || match.email}
                      </Link>{" "}
                      <span className="muted">{[match.name ? match.email : null, match.phone || null].filter(Boolean).join(" · ")}</span>
                    </li>
                  ))}
                </ul>
              ) : (
                <p className="muted" role="status">
                  {t("orders.entry.noMatch")}
                </p>
              )
            ) : null}
          </Form>
          <Form method="post" className="card form" aria-labelledby="entry-heading" key={loaded.chosen?.email ?? "new"}>
            <ErrorSummary result={failure} />
            <input type="hidden" name="distributorId" value={shop.id} />
            <fieldset id="contact">
              <legend>{loaded.chosen ? t("orders.entry.chosenCustomer") : t("orders.entry.newCustomer")}</legend>
              <TextField
                label={t("orders.entry.email")}
                name="email"
                type="email"
                autoComplete="off"
                required
                defaultValue={kept("email", loaded.chosen?.email)}
                error={errorOf("email")}
              />
              <TextField
                label={t("orders.entry.name")}
                name="name"
                autoComplete="off"
                defaultValue={kept("name", loaded.chosen?.name)}
                error={errorOf("name")}
              />
              <TextField
                label={t("orders.entry.phone")}
                hint={t("orders.entry.phoneHint")}
                name="phone"
                type="tel"
                autoComplete="off"
                defaultValue={kept("phone", loaded.chosen?.phone)}
                error={errorOf("phone")}
              />
              <SelectField
                label={t("orders.entry.language")}
                hint={t("orders.entry.languageHint")}
                name="locale"
                defaultValue={kept("locale")}
                error={errorOf("locale")}
                options={[
                  { value: "", label: t("orders.entry.languageDefault") },
                  { value: "en", label: "English" },
                  { value: "fr", label: "Français" },
                ]}
              />
            </fieldset>
            <fieldset>
              <legend>{t("orders.entry.products")}</legend>
              {errorOf("lines") ? (
                <p className="field-error" role="alert">
                  {errorOf("lines")}
                </p>
              ) : null}
              {loaded.products.length === 0 ? <p className="muted">{t("orders.entry.noProducts")}</p> : null}
              <ul className="entry-products">
                {loaded.products.map((product) => {
                  const soldOut = product.stock !== null && product.stock <= 0;
                  return (
                    <li key={product.variantId}>
                      <TextField
                        label={`${product.productName} (${product.variantName})`}
                        hint={[
                          product.supplierName,
                          product.unitsPerCase > 1 ? t("shop:shop.caseOf", { count: product.unitsPerCase }) : null,
                          soldOut ? t("orders.entry.soldOut") : product.stock === null ? null : t("orders.entry.stockLeft", { count: product.stock }),
                        ]
                          .filter(Boolean)
                          .join(" · ")}
                        name={entryQuantityField(product.variantId)}
                        inputMode="numeric"
                        pattern="[0-9]*"
                        placeholder="0"
                        disabled={soldOut}
                        defaultValue={kept(entryQuantityField(product.variantId))}
                        error={errorOf(entryQuantityField(product.variantId))}
                      />
                      <Money cents={product.priceCents} className="entry-price" />
                    </li>
                  );
                })}
              </ul>
            </fieldset>
            <fieldset>
              <legend>{t("orders.entry.howTheyGetIt")}</legend>
              <SelectField
                label={t("orders.entry.pickup")}
                name="shippingMethodId"
                defaultValue={kept("shippingMethodId", loaded.shippingMethods[0]?.id)}
                error={errorOf("shippingMethodId")}
                options={loaded.shippingMethods.map((method) => ({ value: method.id, label: method.name }))}
              />
              {hasDelivery ? (
                <TextAreaField
                  label={t("orders.entry.deliveryAddress")}
                  hint={t("orders.entry.deliveryHint")}
                  name="deliveryAddress"
                  rows={2}
                  defaultValue={kept("deliveryAddress")}
                  error={errorOf("deliveryAddress")}
                />
              ) : null}
              <SelectField
                label={t("orders.entry.payment")}
                hint={t("orders.entry.paymentHint")}
                name="paymentMethodId"
                defaultValue={kept("paymentMethodId", loaded.paymentMethods[0]?.id)}
                error={errorOf("paymentMethodId")}
                options={loaded.paymentMethods.map((method) => ({ value: method.id, label: method.name }))}
              />
            </fieldset>
            {quote ? (
              <div role="status">
                <dl className="facts entry-total">
                  <dt>{t("orders.entry.items")}</dt>
                  <dd>
                    <Money cents={quote.totals.itemsTotalCents} />
                  </dd>
                  <dt>{t("orders.entry.fees")}</dt>
                  <dd>
                    <Money cents={quote.totals.feesTotalCents} />
                  </dd>
                  <dt>{t("orders.entry.total")}</dt>
                  <dd>
                    <strong>
                      <Money cents={quote.totals.totalCents} />
                    </strong>
                  </dd>
                </dl>
              </div>
            ) : null}
            <div className="form-actions">
              <button type="submit" name="intent" value="quote" className="button button-secondary" disabled={busy}>
                {t("orders.entry.updateTotal")}
              </button>
              <button type="submit" name="intent" value="place" className="button" disabled={busy}>
                {t("orders.entry.place")}
              </button>
            </div>
          </Form>
        </>
      ) : null}
    </section>
  );
}
