// Producer notifications of a cycle (coordinator only): each producer's email, queued, sent or
// failed and when, and the "notify producers now" button.
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useT } from "#app/i18n/use-t";
import { requireUserPage } from "#app/auth/actor.server";
import { notifyProducersNow, producerNotificationStatuses } from "#app/domain/notifications/closing.server";
import { DomainError } from "#app/domain/errors";
import { handleForm } from "#app/http/forms.server";
import { resolveLocale } from "#app/i18n/locale.server";
import { ErrorSummary, type FormResult } from "#app/ui/form";
import { useCycleEditor } from "./admin.order-cycles.$cycleId";
import { formatInstant } from "#app/i18n/format";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const caller = await requireUserPage(request);
  const found = await producerNotificationStatuses(caller.actor, params.cycleId!).catch((error) => {
    if (error instanceof DomainError && error.code === "not_found") throw new Response(null, { status: 404 });
    if (error instanceof DomainError && error.code === "forbidden") throw new Response(null, { status: 403 });
    throw error;
  });
  return {
    automatic: found.automatic,
    notifiedAt: found.notifiedAt?.toISOString() ?? null,
    producers: found.producers.map((row) => ({
      ...row,
      queuedAt: row.queuedAt?.toISOString() ?? null,
      sentAt: row.sentAt?.toISOString() ?? null,
      confirmation: row.confirmation ? { ...row.confirmation, confirmedAt: row.confirmation.confirmedAt.toISOString() } : null,
      amendments: row.amendments.map((amendment) => ({
        ...amendment,
        queuedAt: amendment.queuedAt.toISOString(),
        sentAt: amendment.sentAt?.toISOString() ?? null,
      })),
    })),
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const caller = await requireUserPage(request);
  const locale = await resolveLocale(request, caller.user.locale);
  const form = await request.formData();
  return handleForm({ request, locale, form }, async () => ({ ok: true as const, queued: await notifyProducersNow(caller.actor, params.cycleId!) }));
}

const badge = { queued: "badge-upcoming", sent: "badge-open", failed: "badge-danger" } as const;

export default function CycleNotifications() {
  const { t, i18n } = useT("notifications");
  const { automatic, notifiedAt, producers } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>() as (FormResult & { queued?: number }) | undefined;
  const editor = useCycleEditor();
  const busy = useNavigation().state === "submitting";
  const stillOpen = editor.cycle.state === "open";
  const when = (instant: string) => formatInstant(instant, editor.coordinatorTimeZone, i18n.language, { compact: true });
  return (
    <section aria-labelledby="notifications-heading">
      <div className="page-header">
        <div>
          <h2 id="notifications-heading">{t("page.title")}</h2>
          <p className="muted">
            {t("page.lead")} {automatic ? t("page.automaticOn") : t("page.automaticOff")}
          </p>
          {notifiedAt ? <p className="muted small">{t("page.lastNotified", { when: when(notifiedAt) })}</p> : null}
        </div>
      </div>
      <ErrorSummary result={result} />
      {result && "queued" in result && result.queued !== undefined ? (
        <p className="alert alert-success" role="status">
          {t("page.queued", { count: result.queued })}
        </p>
      ) : null}
      <div className="table-wrap" tabIndex={0} role="region" aria-labelledby="notifications-heading">
        <table className="stack-table">
          <caption className="visually-hidden">{t("page.title")}</caption>
          <thead>
            <tr>
              <th scope="col">{t("page.producer")}</th>
              <th scope="col">{t("page.status")}</th>
              <th scope="col">{t("page.how")}</th>
              <th scope="col">{t("page.when")}</th>
              <th scope="col">{t("page.answer")}</th>
            </tr>
          </thead>
          <tbody>
            {producers.map((row) => (
              <tr key={row.supplierId}>
                <td className="stack-title">{row.supplierName}</td>
                <td data-label={t("page.status")}>
                  {row.status ? (
                    <span className={`badge ${badge[row.status]}`}>{t(`page.statuses.${row.status}`)}</span>
                  ) : (
                    <span className="muted">{t("page.never")}</span>
                  )}
                </td>
                <td data-label={t("page.how")}>{row.reason ? t(`page.reasons.${row.reason}`) : null}</td>
                <td data-label={t("page.when")}>
                  <div>
                    {row.sentAt ? when(row.sentAt) : row.queuedAt ? when(row.queuedAt) : ""}
                    {row.amendments.length > 0 ? (
                      <ul className="plain-list small">
                        {row.amendments.map((amendment) => (
                          <li key={amendment.queuedAt}>
                            {t(amendment.sentAt ? "page.amendmentSent" : `page.amendment.${amendment.status}`, {
                              when: when(amendment.sentAt ?? amendment.queuedAt),
                            })}
                          </li>
                        ))}
                      </ul>
                    ) : null}
                  </div>
                </td>
                <td data-label={t("page.answer")}>
                  {row.confirmation ? (
                    <div>
                      <span className={`badge ${row.confirmation.state === "short" ? "badge-danger" : "badge-open"}`}>
                        {t(`page.answers.${row.confirmation.state}`)}
                      </span>{" "}
                      <span className="muted small">{when(row.confirmation.confirmedAt)}</span>
                      {row.confirmation.shortages.length > 0 ? (
                        <ul className="plain-list small">
                          {row.confirmation.shortages.map((line) => (
                            <li key={`${line.productName}-${line.variantName}`}>
                              {t("page.shortLine", {
                                product: `${line.productName} (${line.variantName})`,
                                deliver: line.deliverQuantity,
                                ordered: line.orderedQuantity,
                              })}
                            </li>
                          ))}
                        </ul>
                      ) : null}
                      {row.confirmation.note ? <p className="small">“{row.confirmation.note}”</p> : null}
                    </div>
                  ) : (
                    <span className="muted">{t("page.answers.none")}</span>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {/* Asked before sending, without JavaScript too: the button opens the question with the real one. */}
      <details className="notify-confirm">
        <summary className="button" aria-disabled={producers.length === 0 || undefined}>
          {notifiedAt ? t("page.notifyAgain") : t("page.notifyNow")}
        </summary>
        <Form method="post" className="alert alert-warning notify-form">
          <p>
            <strong>{t("page.confirmTitle")}</strong>
          </p>
          <p>
            {stillOpen && editor.cycle.closesAt
              ? t("page.confirmOpen", { count: producers.length, closes: when(editor.cycle.closesAt) })
              : t("page.confirmClosed", { count: producers.length })}
          </p>
          <button type="submit" className="button" disabled={busy || producers.length === 0}>
            {t("page.send", { count: producers.length })}
          </button>
        </Form>
      </details>
      <p className="hint">{t("page.confirm")}</p>
    </section>
  );
}
