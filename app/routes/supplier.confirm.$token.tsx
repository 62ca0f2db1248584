// The page behind the link in a producer's close email (decision 0035): no login, in the
// producer's language. It lists what was ordered from the producer per variant, asks what it
// will deliver (at most what was ordered) and an optional note, and sends that to the one
// confirmation command. An expired, replaced or garbled link gets a page saying so.
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation, useSearchParams } from "@remix-run/react";
import { I18nextProvider } from "react-i18next";
import { checkSupplierLink, confirmationPage, confirmSupplierDelivery } from "#app/domain/notifications/confirmation.server";
import { handleForm } from "#app/http/forms.server";
import { i18nFor } from "#app/i18n/client";
import { defaultLocale, type Locale } from "#app/i18n/config";
import { formatInstant } from "#app/i18n/format";
import { resolveLocale } from "#app/i18n/locale.server";
import { translator } from "#app/i18n/resources.server";
import { useT } from "#app/i18n/use-t";
import { ErrorSummary, keep, TextAreaField, type FormResult } from "#app/ui/form";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.title ?? "Circuit"} · Circuit` }, { name: "robots", content: "noindex" }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const page = await confirmationPage(params.token ?? "");
  const locale: Locale = page.locale ?? (await resolveLocale(request)) ?? defaultLocale;
  const t = translator(locale, "notifications");
  if (!page.ok) return { locale, title: t(`confirmation.${page.reason}Title`), page: { ...page, locale } };
  return {
    locale,
    title: t("confirmation.title"),
    page: {
      ...page,
      previous: page.previous ? { ...page.previous, confirmedAt: page.previous.confirmedAt.toISOString() } : null,
    },
  };
}

/** The form's lines: `lines.<i>.variantId` (hidden) and `lines.<i>.deliverQuantity`, in order. */
function statementFrom(form: FormData) {
  const lines: { variantId: unknown; deliverQuantity: unknown }[] = [];
  for (let index = 0; form.has(`lines.${index}.variantId`); index += 1)
    lines.push({ variantId: form.get(`lines.${index}.variantId`), deliverQuantity: form.get(`lines.${index}.deliverQuantity`) ?? "" });
  const note = form.get("note");
  return { lines, ...(typeof note === "string" && note.trim() ? { note } : {}) };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const token = params.token ?? "";
  const page = await confirmationPage(token);
  const locale: Locale = page.locale ?? (await resolveLocale(request));
  const form = await request.formData();
  // A link no longer valid shows its page again (the loader says why); nothing is written.
  if (!(await checkSupplierLink(token, new Date())).ok) return redirect(new URL(request.url).pathname);
  return handleForm({ request, locale, form }, async () => {
    await confirmSupplierDelivery({ link: token }, statementFrom(form));
    throw redirect(`${new URL(request.url).pathname}?answered=1`);
  });
}

export default function SupplierConfirmation() {
  const data = useLoaderData<typeof loader>();
  const i18n = i18nFor(data.locale);
  return (
    <I18nextProvider i18n={i18n}>
      <main id="main" className="page page-narrow" lang={data.locale}>
        {data.page.ok ? <Statement /> : <Refusal />}
      </main>
    </I18nextProvider>
  );
}

function Refusal() {
  const { t } = useT("notifications");
  const { page } = useLoaderData<typeof loader>();
  if (page.ok) return null;
  const named = page.coordinatorName ? { coordinator: page.coordinatorName } : null;
  const body =
    page.reason === "invalid"
      ? t("confirmation.invalidBody")
      : named
        ? t(`confirmation.${page.reason}Body`, named)
        : t(`confirmation.${page.reason}BodyNoName`);
  return (
    <section className="card" aria-labelledby="link-refused">
      <h1 id="link-refused">{t(`confirmation.${page.reason}Title`)}</h1>
      <p>{body}</p>
      <p className="muted">{t("confirmation.unchanged")}</p>
    </section>
  );
}

function Statement() {
  const { t } = useT("notifications");
  const { page, locale } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>() as FormResult;
  const busy = useNavigation().state === "submitting";
  const [params] = useSearchParams();
  if (!page.ok) return null;
  const answered = params.get("answered") === "1" && page.previous;
  const stated = new Map((page.previous?.lines ?? []).map((line) => [line.variantId, line]));
  const names = new Map(page.lines.map((line) => [line.variantId, `${line.productName} (${line.variantName})`]));
  const fieldError = (name: string) => result?.fieldErrors?.[name];
  return (
    <>
      <div className="page-header">
        <div>
          <p className="muted">{page.producerName}</p>
          <h1>{t("confirmation.title")}</h1>
        </div>
      </div>
      {answered && page.previous ? (
        <div className="alert alert-success" role="status">
          <p>
            <strong>
              {t(page.previous.state === "short" ? "confirmation.doneShort" : "confirmation.doneConfirmed", { coordinator: page.coordinatorName })}
            </strong>
          </p>
          {page.previous.state === "short" ? (
            <ul>
              {page.previous.lines
                .filter((line) => line.deliverQuantity < line.orderedQuantity)
                .map((line) => (
                  <li key={line.variantId}>
                    {t("confirmation.doneLine", { product: names.get(line.variantId) ?? "", deliver: line.deliverQuantity, ordered: line.orderedQuantity })}
                  </li>
                ))}
            </ul>
          ) : null}
        </div>
      ) : null}
      <ErrorSummary result={result} />
      <p>{t("confirmation.lead", { cycle: page.cycleName, coordinator: page.coordinatorName, producer: page.producerName })}</p>
      {page.previous && !answered ? (
        <p className="muted small">
          {t("confirmation.previous", { when: formatInstant(page.previous.confirmedAt, page.timeZone, locale, { compact: true }) })}
        </p>
      ) : null}
      {page.lines.length === 0 ? (
        <p className="card">{t("confirmation.nothing")}</p>
      ) : (
        <Form method="post" className="card">
          <div className="table-wrap">
            <table>
              <caption className="visually-hidden">{t("confirmation.title")}</caption>
              <thead>
                <tr>
                  <th scope="col">{t("confirmation.product")}</th>
                  <th scope="col" className="num">
                    {t("confirmation.ordered")}
                  </th>
                  <th scope="col" className="num">
                    {t("confirmation.deliver")}
                  </th>
                </tr>
              </thead>
              <tbody>
                {page.lines.map((line, index) => {
                  const name = `lines.${index}.deliverQuantity`;
                  const error = fieldError(name) ?? fieldError(`lines.${index}.variantId`);
                  const id = `deliver-${line.variantId}`;
                  return (
                    <tr key={line.variantId}>
                      <td>
                        {line.productName} <span className="muted">({line.variantName})</span>
                      </td>
                      <td className="num">{line.ordered}</td>
                      <td className="num">
                        <input type="hidden" name={`lines.${index}.variantId`} value={line.variantId} />
                        <label className="visually-hidden" htmlFor={id}>
                          {t("confirmation.deliverLabel", { product: `${line.productName} (${line.variantName})`, ordered: line.ordered })}
                        </label>
                        <input
                          id={id}
                          type="number"
                          inputMode="numeric"
                          name={name}
                          min={0}
                          max={line.ordered}
                          step={1}
                          required
                          defaultValue={keep(result, name, Math.min(stated.get(line.variantId)?.deliverQuantity ?? line.ordered, line.ordered))}
                          className="qty-input"
                          aria-invalid={error ? true : undefined}
                          aria-describedby={error ? `${id}-error` : undefined}
                        />
                        {error ? (
                          <div id={`${id}-error`} className="field-error">
                            {error}
                          </div>
                        ) : null}
                      </td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </div>
          <TextAreaField
            label={t("confirmation.note", { coordinator: page.coordinatorName })}
            name="note"
            rows={3}
            maxLength={2000}
            defaultValue={keep(result, "note", "")}
            error={fieldError("note")}
          />
          <button type="submit" className="button" disabled={busy}>
            {t("confirmation.submit")}
          </button>
        </Form>
      )}
    </>
  );
}
