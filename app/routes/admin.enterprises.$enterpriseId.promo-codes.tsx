// An enterprise's promo codes (docs/domain.md 13): the list with their uses, a form to create one,
// and per code: switch off or on, move its end, change its total uses. Its own managers only.
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { useT } from "#app/i18n/use-t";
import { requireUserPage } from "#app/auth/actor.server";
import { createPromoCode, promoCodesPage, updatePromoCode } from "#app/domain/promotions/commands.server";
import { promoCodeChangeFromForm, promoCodeFromForm } from "#app/domain/promotions/forms";
import { toLocalInput } from "#app/domain/time";
import { handleForm } from "#app/http/forms.server";
import { pageError } from "#app/http/pages.server";
import { resolveLocale } from "#app/i18n/locale.server";
import { formatInstant, formatMoney, formatPercent } from "#app/i18n/format";
import { EnterprisePageHeader } from "#app/ui/enterprise";
import { ErrorSummary, SelectField, TextField, keep, keptChoices, type FormResult } from "#app/ui/form";
import { pageTitle } from "#app/ui/page-title";

export const meta: MetaFunction = ({ matches }) => [{ title: pageTitle(matches, "promoCodes") }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const caller = await requireUserPage(request);
  return promoCodesPage(caller.actor, params.enterpriseId!).catch(pageError);
}

export async function action({ request, params }: ActionFunctionArgs) {
  const caller = await requireUserPage(request);
  const locale = await resolveLocale(request, caller.user.locale);
  const form = await request.formData();
  const fields: Record<string, string | string[]> = {};
  for (const name of new Set(form.keys())) {
    const sent = form.getAll(name).map(String);
    fields[name] = sent.length > 1 || name === "orderCycleIds" ? sent : sent[0];
  }
  return handleForm({ request, locale, form }, async () => {
    const { enterprise } = await promoCodesPage(caller.actor, params.enterpriseId!);
    const intent = String(form.get("intent") ?? "create");
    const promoCodeId = String(form.get("promoCodeId") ?? "");
    if (intent === "create") await createPromoCode(caller.actor, enterprise.id, promoCodeFromForm(fields, enterprise.timeZone));
    else if (intent === "toggle") await updatePromoCode(caller.actor, promoCodeId, { active: form.get("active") === "true" });
    else await updatePromoCode(caller.actor, promoCodeId, promoCodeChangeFromForm(fields, enterprise.timeZone));
    return { ok: true as const, intent };
  });
}

export default function PromoCodes() {
  const { t, i18n } = useT("shop");
  const { enterprise, items, cycles } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>() as FormResult;
  const createResult = result?.intent === "create" || result?.intent === undefined ? result : undefined;
  const error = (name: string) => createResult?.fieldErrors?.[name];
  const lang = i18n.language;
  const when = (instant: string | null) => (instant ? formatInstant(instant, enterprise.timeZone, lang, { compact: true }) : "—");
  return (
    <>
      <EnterprisePageHeader enterpriseName={enterprise.name} title={t("promoCodes.title")} lead={t("promoCodes.lead")} />
      {result?.ok === true ? (
        <div className="alert alert-success" role="status">
          {result.intent === "create" ? t("promoCodes.created") : t("promoCodes.saved")}
        </div>
      ) : null}
      <ErrorSummary result={result} />
      {items.length === 0 ? (
        <div className="card empty">{t("promoCodes.empty")}</div>
      ) : (
        <div className="table-wrap">
          <table className="stack-table">
            <caption className="visually-hidden">{t("promoCodes.title")}</caption>
            <thead>
              <tr>
                <th scope="col">{t("promoCodes.code")}</th>
                <th scope="col">{t("promoCodes.value")}</th>
                <th scope="col">{t("promoCodes.conditions")}</th>
                <th scope="col" className="num">
                  {t("promoCodes.uses")}
                </th>
                <th scope="col">{t("promoCodes.change")}</th>
                <th scope="col">{t("promoCodes.state")}</th>
              </tr>
            </thead>
            <tbody>
              {items.map((code) => {
                const rowResult = result?.values?.promoCodeId === code.id ? result : undefined;
                return (
                  <tr key={code.id}>
                    <td className="stack-title">
                      <strong>{code.code}</strong>
                    </td>
                    <td data-label={t("promoCodes.value")}>
                      {code.kind === "percent" ? formatPercent(code.percent ?? 0, lang) : formatMoney(code.amountCents ?? 0, lang)}
                    </td>
                    <td className="small" data-label={t("promoCodes.conditions")}>
                      {[
                        code.minSubtotalCents !== null ? t("promoCodes.fromAmount", { amount: formatMoney(code.minSubtotalCents, lang) }) : null,
                        code.startsAt || code.endsAt ? t("promoCodes.window", { from: when(code.startsAt), to: when(code.endsAt) }) : null,
                        code.maxUsesPerCustomer !== null ? t("promoCodes.perCustomer", { count: code.maxUsesPerCustomer }) : null,
                        code.tags.length ? t("promoCodes.forTags", { tags: code.tags.join(", ") }) : null,
                        code.orderCycleIds.length ? t("promoCodes.forCycles", { count: code.orderCycleIds.length }) : null,
                      ]
                        .filter(Boolean)
                        .join(" · ") || t("promoCodes.noConditions")}
                    </td>
                    <td className="num" data-label={t("promoCodes.uses")}>
                      {code.maxUses === null ? code.uses : t("promoCodes.usesOf", { uses: code.uses, max: code.maxUses })}
                    </td>
                    <td className="stack-wide">
                      <Form method="post" className="row" noValidate>
                        <input type="hidden" name="intent" value="change" />
                        <input type="hidden" name="promoCodeId" value={code.id} />
                        <TextField
                          label={t("promoCodes.endsAt")}
                          type="datetime-local"
                          name="endsAt"
                          defaultValue={keep(rowResult, "endsAt", code.endsAt ? toLocalInput(new Date(code.endsAt), enterprise.timeZone) : "")}
                          error={rowResult?.fieldErrors?.endsAt}
                        />
                        <TextField
                          label={t("promoCodes.maxUses")}
                          name="maxUses"
                          inputMode="numeric"
                          size={6}
                          defaultValue={keep(rowResult, "maxUses", code.maxUses)}
                          error={rowResult?.fieldErrors?.maxUses}
                        />
                        <button type="submit" className="button button-small button-secondary">
                          {t("promoCodes.save", { code: code.code })}
                        </button>
                      </Form>
                    </td>
                    <td data-label={t("promoCodes.state")}>
                      <Form method="post">
                        <input type="hidden" name="intent" value="toggle" />
                        <input type="hidden" name="promoCodeId" value={code.id} />
                        <input type="hidden" name="active" value={code.active ? "false" : "true"} />
                        <span className={`badge ${code.active ? "badge-open" : "badge-closed"}`}>
                          {code.active ? t("promoCodes.active") : t("promoCodes.inactive")}
                        </span>{" "}
                        <button type="submit" className="button button-small button-quiet">
                          {code.active ? t("promoCodes.deactivate") : t("promoCodes.activate")}
                        </button>
                      </Form>
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
      <Form method="post" className="card form" noValidate>
        <h2>{t("promoCodes.create")}</h2>
        <input type="hidden" name="intent" value="create" />
        <div className="form-row">
          <TextField
            label={t("promoCodes.code")}
            hint={t("promoCodes.codeHint")}
            name="code"
            defaultValue={keep(createResult, "code")}
            error={error("code")}
            required
            maxLength={40}
          />
          <SelectField
            label={t("promoCodes.kind")}
            name="kind"
            defaultValue={keep(createResult, "kind", "percent")}
            error={error("kind")}
            options={[
              { value: "percent", label: t("promoCodes.kinds.percent") },
              { value: "amount", label: t("promoCodes.kinds.amount") },
            ]}
          />
          <TextField
            label={t("promoCodes.percent")}
            hint={t("promoCodes.percentHint")}
            name="percent"
            inputMode="decimal"
            defaultValue={keep(createResult, "percent")}
            error={error("percent")}
          />
          <TextField
            label={t("promoCodes.amount")}
            hint={t("promoCodes.amountHint")}
            name="amountCents"
            inputMode="decimal"
            defaultValue={keep(createResult, "amountCents")}
            error={error("amountCents")}
          />
        </div>
        <div className="form-row">
          <TextField
            label={t("promoCodes.minSubtotal")}
            hint={t("promoCodes.minSubtotalHint")}
            name="minSubtotalCents"
            inputMode="decimal"
            defaultValue={keep(createResult, "minSubtotalCents")}
            error={error("minSubtotalCents")}
          />
          <TextField
            label={t("promoCodes.maxUses")}
            hint={t("promoCodes.maxUsesHint")}
            name="maxUses"
            inputMode="numeric"
            defaultValue={keep(createResult, "maxUses")}
            error={error("maxUses")}
          />
          <TextField
            label={t("promoCodes.maxUsesPerCustomer")}
            name="maxUsesPerCustomer"
            inputMode="numeric"
            defaultValue={keep(createResult, "maxUsesPerCustomer")}
            error={error("maxUsesPerCustomer")}
          />
        </div>
        <div className="form-row">
          <TextField
            label={t("promoCodes.startsAt")}
            type="datetime-local"
            name="startsAt"
            defaultValue={keep(createResult, "startsAt")}
            error={error("startsAt")}
          />
          <TextField label={t("promoCodes.endsAt")} type="datetime-local" name="endsAt" defaultValue={keep(createResult, "endsAt")} error={error("endsAt")} />
          <TextField label={t("promoCodes.tags")} hint={t("promoCodes.tagsHint")} name="tags" defaultValue={keep(createResult, "tags")} error={error("tags")} />
        </div>
        {cycles.length ? (
          <fieldset>
            <legend>{t("promoCodes.cycles")}</legend>
            <p className="hint">{t("promoCodes.cyclesHint")}</p>
            {cycles.map((cycle) => (
              <label key={cycle.id} className="choice">
                <input type="checkbox" name="orderCycleIds" value={cycle.id} defaultChecked={keptChoices(createResult, "orderCycleIds").includes(cycle.id)} />
                <span>{cycle.name}</span>
              </label>
            ))}
            {error("orderCycleIds") ? <div className="field-error">{error("orderCycleIds")}</div> : null}
          </fieldset>
        ) : null}
        <div className="form-actions">
          <button type="submit" className="button">
            {t("promoCodes.create")}
          </button>
        </div>
      </Form>
    </>
  );
}
