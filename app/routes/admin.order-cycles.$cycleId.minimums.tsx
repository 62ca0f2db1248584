// The cycle editor's Minimums step (docs/domain.md 12): each threshold with its live progress and,
// after the close, its outcome; the coordinator adds and removes them before the close, with
// errors at each field.
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useState } from "react";
import { useT } from "#app/i18n/use-t";
import { requireUserPage } from "#app/auth/actor.server";
import { createThreshold, deleteThreshold, listThresholds } from "#app/domain/thresholds/commands.server";
import { thresholdJson } from "#app/domain/thresholds/queries.server";
import { cycleTarget, formFieldOf, pickupTarget, supplierTarget, thresholdFromForm } from "#app/domain/thresholds/forms";
import { handleForm } from "#app/http/forms.server";
import { pageError } from "#app/http/pages.server";
import { resolveLocale } from "#app/i18n/locale.server";
import { ErrorSummary, SelectField, TextField, keep, type FormResult } from "#app/ui/form";
import { ThresholdBar } from "#app/ui/threshold-progress";
import { useCycleEditor } from "./admin.order-cycles.$cycleId";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const caller = await requireUserPage(request);
  const thresholds = await listThresholds(caller.actor, params.cycleId!).catch(pageError);
  return { thresholds: thresholds.map((threshold) => ({ ...thresholdJson(threshold), distributorName: threshold.distributorName })) };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const caller = await requireUserPage(request);
  const locale = await resolveLocale(request, caller.user.locale);
  const form = await request.formData();
  return handleForm({ request, locale, form }, async () => {
    if (form.get("intent") === "remove") {
      await deleteThreshold(caller.actor, params.cycleId!, String(form.get("thresholdId") ?? ""));
      return { ok: true as const, intent: "remove" };
    }
    const fields = Object.fromEntries([...form].map(([name, value]) => [name, String(value)]));
    await createThreshold(caller.actor, params.cycleId!, thresholdFromForm(fields));
    return { ok: true as const, intent: "add" };
  });
}

const outcomeBadge = { reached: "badge-open", proceeded: "badge-upcoming", cancelled: "badge-danger", extended: "badge-upcoming" } as const;

export default function CycleMinimums() {
  const { t, i18n } = useT("cycles");
  const { thresholds } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>() as FormResult;
  const editor = useCycleEditor();
  const { cycle } = editor;
  const busy = useNavigation().state === "submitting";
  const canChange = cycle.roles.coordinator && cycle.state !== "closed";
  const failed = result?.ok === false && result.intent !== "remove" ? result : undefined;
  const fieldError = (name: string) => (failed ? Object.entries(failed.fieldErrors ?? {}).find(([field]) => formFieldOf(field) === name)?.[1] : undefined);
  const [policy, setPolicy] = useState(keep(failed, "policy", "cancel"));
  const [measure, setMeasure] = useState(keep(failed, "measure", "amount"));
  const methodName = (id: string) => editor.methods.find((method) => method.id === id)?.name ?? id;
  const targets = [
    { value: cycleTarget, label: t("minimums.targetCycle") },
    ...cycle.incoming.map((exchange) => ({
      value: supplierTarget(exchange.supplier.id),
      label: t("minimums.targetSupplier", { name: exchange.supplier.name }),
    })),
    ...cycle.outgoing.flatMap((exchange) =>
      (exchange.shippingMethodIds ?? []).map((methodId: string) => ({
        value: pickupTarget(exchange.distributor.id, methodId),
        label: t("minimums.targetPickup", { distributor: exchange.distributor.name, name: methodName(methodId) }),
      })),
    ),
  ];
  return (
    <section aria-labelledby="minimums-heading">
      <div className="page-header">
        <div>
          <h2 id="minimums-heading">{t("minimums.title")}</h2>
          <p className="muted">{t("minimums.lead")}</p>
        </div>
      </div>
      <ErrorSummary result={result} />
      {result?.ok && result.intent === "add" ? (
        <p className="alert alert-success" role="status">
          {t("minimums.added")}
        </p>
      ) : null}
      {thresholds.length === 0 ? (
        <p className="card empty">{t("minimums.none")}</p>
      ) : (
        <ul className="threshold-cards">
          {thresholds.map((threshold) => (
            <li key={threshold.id} className="card threshold-card">
              <div className="row threshold-card-head">
                <div>
                  <strong>
                    {threshold.scope === "shipping_method" && threshold.distributorName
                      ? t("minimums.targetPickup", { distributor: threshold.distributorName, name: threshold.label })
                      : threshold.scope === "supplier"
                        ? t("minimums.targetSupplier", { name: threshold.label })
                        : t("minimums.targetCycle")}
                  </strong>
                  <p className="muted small">
                    {t(`minimums.policies.${threshold.policy}`, { count: threshold.extendDays ?? 0 })} · {t(`minimums.measureShort.${threshold.measure}`)}
                  </p>
                </div>
                {threshold.outcome ? <span className={`badge ${outcomeBadge[threshold.outcome]}`}>{t(`minimums.outcomes.${threshold.outcome}`)}</span> : null}
              </div>
              <ThresholdBar threshold={threshold} />
              {canChange ? (
                <Form method="post" className="threshold-remove">
                  <input type="hidden" name="intent" value="remove" />
                  <input type="hidden" name="thresholdId" value={threshold.id} />
                  <button type="submit" className="button button-secondary button-small" disabled={busy}>
                    {t("minimums.remove")}
                    <span className="visually-hidden"> {threshold.label}</span>
                  </button>
                </Form>
              ) : null}
            </li>
          ))}
        </ul>
      )}
      {canChange ? (
        <Form method="post" className="card threshold-add" aria-labelledby="minimum-add-heading" noValidate>
          <h3 id="minimum-add-heading">{t("minimums.addTitle")}</h3>
          <input type="hidden" name="intent" value="add" />
          <SelectField
            label={t("minimums.target")}
            name="target"
            options={targets}
            defaultValue={keep(failed, "target", cycleTarget)}
            error={fieldError("target")}
          />
          <div className="form-row">
            <SelectField
              label={t("minimums.measure")}
              name="measure"
              options={[
                { value: "amount", label: t("minimums.measureAmount") },
                { value: "units", label: t("minimums.measureUnits") },
                { value: "cases", label: t("minimums.measureCases") },
              ]}
              value={measure}
              onChange={(event) => setMeasure(event.currentTarget.value)}
              hint={t("minimums.measureHint")}
              error={fieldError("measure")}
            />
            <TextField
              label={t(`minimums.minimumIn.${measure === "cases" || measure === "units" ? measure : "amount"}`)}
              name="minimum"
              inputMode={measure === "amount" ? "decimal" : "numeric"}
              defaultValue={keep(failed, "minimum")}
              hint={measure === "amount" ? t("minimums.minimumAmountHint") : measure === "cases" ? t("minimums.minimumCasesHint") : undefined}
              error={fieldError("minimum")}
              lang={i18n.language}
            />
          </div>
          <div className="form-row">
            <SelectField
              label={t("minimums.policy")}
              name="policy"
              options={[
                { value: "cancel", label: t("minimums.policyCancel") },
                { value: "extend", label: t("minimums.policyExtend") },
                { value: "proceed", label: t("minimums.policyProceed") },
              ]}
              value={policy}
              onChange={(event) => setPolicy(event.currentTarget.value)}
              error={fieldError("policy")}
            />
            {policy === "extend" ? (
              <TextField
                label={t("minimums.extendDays")}
                name="extendDays"
                inputMode="numeric"
                defaultValue={keep(failed, "extendDays", "3")}
                hint={t("minimums.extendDaysHint")}
                error={fieldError("extendDays")}
              />
            ) : null}
          </div>
          <button type="submit" className="button" disabled={busy}>
            {t("minimums.add")}
          </button>
        </Form>
      ) : null}
    </section>
  );
}
