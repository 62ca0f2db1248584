// An enterprise's webhooks (docs/domain.md 14): its endpoints, adding one (the signing secret shown
// once), removing one, and an endpoint's recent deliveries with a replay. Its own managers only.
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation, useSearchParams } from "@remix-run/react";
import { requireUserPage } from "#app/auth/actor.server";
import { DomainError } from "#app/domain/errors";
import { webhookEventTypes } from "#app/domain/webhooks/events";
import { createEndpoint, deleteEndpoint, deliveriesOf, listEndpoints, replayDelivery } from "#app/domain/webhooks/endpoints.server";
import { formToObject } from "#app/http/form-data";
import { handleForm } from "#app/http/forms.server";
import { pageError } from "#app/http/pages.server";
import { numberLocale } from "#app/i18n/format";
import { resolveLocale } from "#app/i18n/locale.server";
import { ConfirmedRemoval } from "#app/ui/confirmed-removal";
import { useT } from "#app/i18n/use-t";
import { CardHeader } from "#app/ui/card";
import { ErrorSummary, TextField, keep, keptChoices, type FormResult } from "#app/ui/form";
import { pageTitle } from "#app/ui/page-title";

export const meta: MetaFunction<typeof loader> = ({ matches }) => [{ title: pageTitle(matches, "webhooks") }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const caller = await requireUserPage(request);
  const enterpriseId = params.enterpriseId!;
  const shown = new URL(request.url).searchParams.get("endpoint");
  const endpoints = await listEndpoints(caller.actor, enterpriseId).catch(pageError);
  const log = shown && endpoints.some((endpoint) => endpoint.id === shown) ? await deliveriesOf(caller.actor, shown).catch(pageError) : null;
  return { endpoints, log: log ? { endpointId: shown!, items: log.items } : null };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const caller = await requireUserPage(request);
  const locale = await resolveLocale(request, caller.user.locale);
  const form = await request.formData();
  const fields = formToObject(form);
  const enterpriseId = params.enterpriseId!;
  return handleForm({ request, locale, form }, async () => {
    switch (fields.intent) {
      case "add": {
        const events = form.getAll("events").map(String);
        const created = await createEndpoint(caller.actor, enterpriseId, { url: String(fields.url ?? ""), events });
        return { ok: true as const, intent: "add", url: created.url, secret: created.secret };
      }
      case "remove":
        await deleteEndpoint(caller.actor, String(fields.endpointId ?? ""));
        return { ok: true as const, intent: "remove", url: String(fields.url ?? "") };
      case "replay":
        await replayDelivery(caller.actor, String(fields.endpointId ?? ""), String(fields.deliveryId ?? ""));
        return { ok: true as const, intent: "replay" };
      default:
        throw new DomainError("malformed");
    }
  });
}

type Result = (FormResult & { url?: string; secret?: string }) | undefined;

const statusBadge: Record<string, string> = { delivered: "badge-open", pending: "badge-upcoming", failed: "badge-danger" };

export default function EnterpriseWebhooks() {
  const { t, i18n } = useT("enterprises");
  const { endpoints, log } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>() as Result;
  const [params] = useSearchParams();
  const busy = useNavigation().state === "submitting";
  const failedAdd = result?.ok === false && result.intent === "add" ? result : undefined;
  const failedOther = result?.ok === false && result.intent !== "add" ? result : undefined;
  const when = new Intl.DateTimeFormat(numberLocale(i18n.language), { dateStyle: "medium", timeStyle: "short" });
  const chosen = keptChoices(failedAdd, "events", []);
  const shown = log ? endpoints.find((endpoint) => endpoint.id === log.endpointId) : undefined;

  return (
    <div className="settings-column">
      <div role="status" aria-live="polite">
        {result?.ok && result.intent === "add" ? (
          <div className="alert alert-success webhook-secret">
            <p>
              <strong>{t("webhooks.added", { url: result.url })}</strong>
            </p>
            <p>{t("webhooks.secretOnce")}</p>
            <code>{result.secret}</code>
          </div>
        ) : null}
        {result?.ok && result.intent === "remove" ? <p className="alert alert-success">{t("webhooks.removed", { url: result.url })}</p> : null}
        {result?.ok && result.intent === "replay" ? <p className="alert alert-success">{t("webhooks.replayed")}</p> : null}
      </div>
      <ErrorSummary result={failedOther} spellOut />

      <section className="card" aria-labelledby="webhooks-title">
        <CardHeader id="webhooks-title" title={t("webhooks.title")} lead={t("webhooks.lead")} />
        {endpoints.length === 0 ? (
          <p className="muted">{t("webhooks.none")}</p>
        ) : (
          <ul className="webhook-list">
            {endpoints.map((endpoint) => (
              <li key={endpoint.id}>
                <div className="webhook-head">
                  <code className="webhook-url">{endpoint.url}</code>
                  {endpoint.state === "disabled" ? (
                    <span className="badge badge-danger">{t("webhooks.disabled")}</span>
                  ) : endpoint.failingSince ? (
                    <span className="badge badge-upcoming">{t("webhooks.failingSince", { when: when.format(new Date(endpoint.failingSince)) })}</span>
                  ) : (
                    <span className="badge badge-open">{t("webhooks.active")}</span>
                  )}
                </div>
                <p className="small muted">{endpoint.events.map((type) => t(`webhooks.events.${type}`, { defaultValue: type })).join(" · ")}</p>
                <div className="row">
                  <Link
                    className="button button-secondary button-small"
                    to={`?endpoint=${endpoint.id}`}
                    aria-current={params.get("endpoint") === endpoint.id ? "true" : undefined}
                  >
                    {t("webhooks.showDeliveries")}
                  </Link>
                  <ConfirmedRemoval
                    popover
                    label={t("webhooks.remove")}
                    confirm={t("webhooks.removeConfirm", { url: endpoint.url })}
                    fields={{ intent: "remove", endpointId: endpoint.id, url: endpoint.url }}
                    disabled={busy}
                  />
                </div>
              </li>
            ))}
          </ul>
        )}
      </section>

      {log && shown ? (
        <section className="card" aria-labelledby="deliveries-title">
          <h2 id="deliveries-title">{t("webhooks.deliveriesTitle")}</h2>
          <p className="muted small">
            <code className="webhook-url">{shown.url}</code>
          </p>
          {log.items.length === 0 ? (
            <p className="muted">{t("webhooks.noDeliveries")}</p>
          ) : (
            <ul className="delivery-list">
              {log.items.map((delivery) => (
                <li key={delivery.id}>
                  <div className="delivery-main">
                    <span>
                      <strong>{t(`webhooks.events.${delivery.type}`, { defaultValue: delivery.type })}</strong>{" "}
                      <span className="muted small">{when.format(new Date(delivery.at))}</span>
                    </span>
                    <span className={`badge ${statusBadge[delivery.status] ?? ""}`}>{t(`webhooks.statuses.${delivery.status}`)}</span>
                  </div>
                  <p className="small muted">
                    {t("webhooks.attempt", {
                      count: delivery.attempts,
                      status: delivery.responseStatus ?? "—",
                      duration: delivery.durationMs ?? "—",
                    })}
                    {delivery.replayOf ? ` · ${t("webhooks.isReplay")}` : ""}
                    {delivery.status === "pending" && delivery.nextAttemptAt
                      ? ` · ${t("webhooks.nextAttempt", { when: when.format(new Date(delivery.nextAttemptAt)) })}`
                      : ""}
                  </p>
                  {delivery.error ? <p className="small delivery-error">{delivery.error}</p> : null}
                  {shown.state === "active" ? (
                    <Form method="post">
                      <input type="hidden" name="intent" value="replay" />
                      <input type="hidden" name="endpointId" value={shown.id} />
                      <input type="hidden" name="deliveryId" value={delivery.id} />
                      <button type="submit" className="button button-quiet button-small" disabled={busy}>
                        {t("webhooks.replay")}
                      </button>
                    </Form>
                  ) : null}
                </li>
              ))}
            </ul>
          )}
        </section>
      ) : null}

      <section className="card" aria-labelledby="add-webhook-title">
        <h2 id="add-webhook-title">{t("webhooks.addTitle")}</h2>
        {/* Drawn anew after each webhook added, so the form starts empty again. */}
        <Form method="post" className="form" noValidate key={result?.ok && result.intent === "add" ? result.secret : "form"}>
          <input type="hidden" name="intent" value="add" />
          <ErrorSummary result={failedAdd} />
          <TextField
            label={t("webhooks.url")}
            hint={t("webhooks.urlHint")}
            name="url"
            type="url"
            inputMode="url"
            autoComplete="off"
            defaultValue={keep(failedAdd, "url")}
            error={failedAdd?.fieldErrors?.url}
            required
            maxLength={2000}
          />
          <fieldset className="field" aria-describedby={failedAdd?.fieldErrors?.events ? "webhook-events-error" : undefined}>
            <legend>{t("webhooks.eventsLabel")}</legend>
            <div className="checkbox-grid">
              {webhookEventTypes.map((type) => (
                <label key={type} className="checkbox">
                  <input type="checkbox" name="events" value={type} defaultChecked={chosen.includes(type)} />
                  <span>
                    {t(`webhooks.events.${type}`)} <code className="small muted">{type}</code>
                  </span>
                </label>
              ))}
            </div>
            {failedAdd?.fieldErrors?.events || failedAdd?.fieldErrors?.["events.0"] ? (
              <div id="webhook-events-error" className="field-error">
                {failedAdd.fieldErrors.events ?? failedAdd.fieldErrors["events.0"]}
              </div>
            ) : null}
          </fieldset>
          <div className="form-actions">
            <button type="submit" className="button" disabled={busy}>
              {t("webhooks.add")}
            </button>
          </div>
        </Form>
      </section>
    </div>
  );
}
