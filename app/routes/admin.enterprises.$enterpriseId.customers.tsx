// A distributor's customers and their tags.
import { EnterprisePageHeader } from "#app/ui/enterprise";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useParams, useSearchParams } from "@remix-run/react";
import { useT } from "#app/i18n/use-t";
import { requireUserPage } from "#app/auth/actor.server";
import { listCustomers, putCustomer, removeCustomer, setCustomerConsent } from "#app/domain/shop/customers.server";
import { mayImport } from "#app/domain/access/owned.server";
import { handleForm } from "#app/http/forms.server";
import { pageError } from "#app/http/pages.server";
import { resolveLocale } from "#app/i18n/locale.server";
import { ErrorSummary, TextField, keep, type FormResult } from "#app/ui/form";
import { ConfirmedRemoval } from "#app/ui/confirmed-removal";
import { pageTitle } from "#app/ui/page-title";
import { Money } from "#app/ui/money";
import { adjustCustomerCredit, balancesOf } from "#app/domain/loyalty/commands.server";
import { creditAdjustmentFromForm } from "#app/domain/loyalty/forms";
import { formatDate } from "#app/i18n/format";

export const meta: MetaFunction = ({ matches }) => [{ title: pageTitle(matches, "customers") }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const caller = await requireUserPage(request);
  const query = new URL(request.url).searchParams;
  const search = (query.get("q") ?? "").slice(0, 100);
  const page = await listCustomers(caller.actor, params.enterpriseId!, { search, cursor: query.get("cursor") }).catch(pageError);
  const [canImport, credit] = await Promise.all([
    mayImport(caller.actor, params.enterpriseId!, "customers"),
    balancesOf(
      caller.actor,
      params.enterpriseId!,
      page.items.map((customer) => customer.email),
    ),
  ]);
  const customers = page.items.map((customer) => ({ ...customer, creditCents: credit.get(customer.email.toLowerCase())?.balanceCents ?? 0 }));
  return {
    enterpriseName: page.enterpriseName,
    customers,
    nextCursor: page.nextCursor,
    search,
    isFirstPage: !query.get("cursor"),
    canImport,
    timeZone: page.timeZone,
  };
}

const splitTags = (value: FormDataEntryValue | null) =>
  String(value ?? "")
    .split(",")
    .map((tag) => tag.trim())
    .filter(Boolean);

export async function action({ request, params }: ActionFunctionArgs) {
  const caller = await requireUserPage(request);
  const locale = await resolveLocale(request, caller.user.locale);
  const form = await request.formData();
  return handleForm({ request, locale, form }, async () => {
    if (form.get("intent") === "credit") {
      await adjustCustomerCredit(caller.actor, params.enterpriseId!, String(form.get("email") ?? ""), creditAdjustmentFromForm(Object.fromEntries(form)));
      return { ok: true as const, intent: "credit" };
    }
    if (form.get("intent") === "remove") {
      await removeCustomer(caller.actor, params.enterpriseId!, { id: String(form.get("customerId") ?? "") });
    } else if (form.get("intent") === "consent") {
      await setCustomerConsent(caller.actor, params.enterpriseId!, {
        email: String(form.get("email") ?? ""),
        marketingConsent: form.get("marketingConsent") === "yes",
      });
    } else {
      await putCustomer(caller.actor, params.enterpriseId!, {
        email: String(form.get("email") ?? ""),
        ...(form.has("name") ? { name: String(form.get("name")) } : {}),
        tags: splitTags(form.get("tags")),
      });
    }
    return { ok: true as const };
  });
}

export default function Customers() {
  const { t, i18n } = useT("shop");
  const { enterpriseName, customers, nextCursor, search, isFirstPage, canImport, timeZone } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>() as FormResult;
  const [params] = useSearchParams();
  const { enterpriseId } = useParams();
  return (
    <>
      <EnterprisePageHeader
        enterpriseName={enterpriseName}
        title={t("customers.title")}
        lead={t("customers.lead")}
        action={
          canImport ? (
            <Link to={`/admin/enterprises/${enterpriseId}/customers/import`} className="button button-secondary">
              {t("catalogue:imports.action")}
            </Link>
          ) : undefined
        }
      />
      {result?.ok === true ? (
        <div className="alert alert-success" role="status">
          {result.intent === "credit" ? t("loyalty.customers.saved") : t("customers.saved")}
        </div>
      ) : null}
      <ErrorSummary result={result} />
      <Form method="post" className="card form">
        <h2>{t("customers.add")}</h2>
        <div className="form-row">
          <TextField label={t("customers.email")} type="email" name="email" defaultValue={keep(result, "email")} error={result?.fieldErrors?.email} required />
          <TextField label={t("customers.name")} name="name" defaultValue={keep(result, "name")} error={result?.fieldErrors?.name} />
          <TextField
            label={t("customers.tags")}
            hint={t("customers.tagsHint")}
            name="tags"
            defaultValue={keep(result, "tags")}
            error={result?.fieldErrors?.tags}
          />
        </div>
        <div className="form-actions">
          <button type="submit" className="button">
            {t("customers.add")}
          </button>
        </div>
      </Form>
      <Form method="get" className="search-bar" role="search">
        <label htmlFor="customer-search">{t("customers.search")}</label>
        <input id="customer-search" type="search" name="q" defaultValue={params.get("q") ?? ""} />
      </Form>
      {customers.length === 0 ? (
        <div className="card empty">{t("customers.empty")}</div>
      ) : (
        <div className="table-wrap customer-table-wrap">
          <table className="stack-table customer-table">
            <caption className="visually-hidden">{t("customers.title")}</caption>
            <thead>
              <tr>
                <th scope="col">{t("customers.name")}</th>
                <th scope="col">{t("customers.email")}</th>
                <th scope="col">{t("customers.tags")}</th>
                <th scope="col">{t("customers.marketingConsent")}</th>
                <th scope="col" className="num">
                  {t("customers.orders")}
                </th>
                <th scope="col" className="num">
                  {t("loyalty.customers.credit")}
                </th>
                <th scope="col">
                  <span className="visually-hidden">{t("customers.remove")}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {customers.map((customer) => (
                <tr key={customer.id}>
                  <td className="stack-title customer-name">{customer.name || "—"}</td>
                  <td className="customer-email">{customer.email}</td>
                  <td data-label={t("customers.tags")}>
                    <Form method="post" className="row customer-tags">
                      <input type="hidden" name="email" value={customer.email} />
                      <label className="visually-hidden" htmlFor={`tags-${customer.id}`}>
                        {t("customers.tags")}
                      </label>
                      <input id={`tags-${customer.id}`} type="text" name="tags" defaultValue={customer.tags.join(", ")} style={{ maxWidth: 220 }} />
                      <button type="submit" className="button button-small button-secondary">
                        {t("customers.save")}
                      </button>
                    </Form>
                  </td>
                  <td data-label={t("customers.marketingConsent")}>
                    <Form method="post" className="row">
                      <input type="hidden" name="intent" value="consent" />
                      <input type="hidden" name="email" value={customer.email} />
                      <input type="hidden" name="marketingConsent" value={customer.marketingConsent ? "no" : "yes"} />
                      <span>
                        {customer.marketingConsentAt
                          ? t("customers.consentSince", {
                              date: formatDate(new Date(customer.marketingConsentAt), timeZone, i18n.language),
                              source: t(`customers.consentSources.${customer.marketingConsentSource ?? "distributor"}`),
                            })
                          : t("customers.noConsent")}
                      </span>
                      <button
                        type="submit"
                        className="button button-small button-secondary"
                        aria-label={t(customer.marketingConsent ? "customers.withdrawConsentFor" : "customers.recordConsentFor", { email: customer.email })}
                      >
                        {t(customer.marketingConsent ? "customers.withdrawConsent" : "customers.recordConsent")}
                      </button>
                    </Form>
                  </td>
                  <td className="num" data-label={t("customers.orders")}>
                    {customer.orderCount}
                  </td>
                  <td className="num" data-label={t("loyalty.customers.credit")}>
                    <CreditCell customer={customer} result={result} />
                  </td>
                  <td className="num customer-remove">
                    <ConfirmedRemoval
                      label={t("customers.remove")}
                      confirm={t("customers.removeConfirm", { email: customer.email })}
                      fields={{ intent: "remove", customerId: customer.id }}
                    />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {nextCursor || !isFirstPage ? (
        <nav className="row pager" aria-label={t("customers.pages")}>
          {!isFirstPage ? (
            <Link className="button button-secondary button-small" to={search ? `?${new URLSearchParams({ q: search })}` : "?"}>
              {t("customers.firstPage")}
            </Link>
          ) : null}
          {nextCursor ? (
            <Link className="button button-secondary button-small" to={`?${new URLSearchParams({ ...(search ? { q: search } : {}), cursor: nextCursor })}`}>
              {t("customers.nextPage")}
            </Link>
          ) : null}
        </nav>
      ) : null}
    </>
  );
}

/** A customer's credit and the manager's adjustment (give or take back, with a note); its errors sit in its own row. */
function CreditCell({ customer, result }: { customer: { id: string; email: string; creditCents: number }; result: FormResult }) {
  const { t } = useT("shop");
  const mine = result?.ok === false && result.intent === "credit" && result.values?.email === customer.email ? result : undefined;
  return (
    <details className="credit-adjust" open={mine ? true : undefined}>
      <summary>
        <Money cents={customer.creditCents} />
        <span className="visually-hidden"> · {t("loyalty.customers.adjustFor", { email: customer.email })}</span>
      </summary>
      <Form method="post" className="form">
        <input type="hidden" name="intent" value="credit" />
        <input type="hidden" name="email" value={customer.email} />
        <fieldset>
          <legend>{t("loyalty.customers.direction")}</legend>
          <label className="choice">
            <input type="radio" name="direction" value="give" defaultChecked={keep(mine, "direction", "give") === "give"} /> {t("loyalty.customers.give")}
          </label>
          <label className="choice">
            <input type="radio" name="direction" value="take" defaultChecked={keep(mine, "direction") === "take"} /> {t("loyalty.customers.take")}
          </label>
        </fieldset>
        <TextField
          label={t("loyalty.customers.amount")}
          name="amount"
          inputMode="decimal"
          defaultValue={keep(mine, "amount")}
          error={mine?.fieldErrors?.amountCents}
          required
        />
        <TextField
          label={t("loyalty.customers.note")}
          hint={t("loyalty.customers.noteHint")}
          name="note"
          defaultValue={keep(mine, "note")}
          error={mine?.fieldErrors?.note}
          maxLength={500}
          required
        />
        <button type="submit" className="button button-small">
          {t("loyalty.customers.save")}
        </button>
      </Form>
    </details>
  );
}
