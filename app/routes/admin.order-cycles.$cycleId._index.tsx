// Step 1, General: name, dates, coordinator fees and notification flag; clone and delete.
import type { ActionFunctionArgs } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, useActionData } from "@remix-run/react";
import { useT } from "#app/i18n/use-t";
import { requireUserPage } from "#app/auth/actor.server";
import { cloneOrderCycle, deleteOrderCycle, updateOrderCycle } from "#app/domain/order-cycles/commands.server";
import { repeatOrderCycle, type RepeatResult } from "#app/domain/order-cycles/repeat.server";
import { MAX_REPEATS, repeatChoices, repeatFromForm } from "#app/domain/order-cycles/repeat";
import { toLocalInput } from "#app/domain/time";
import { handleForm } from "#app/http/forms.server";
import { resolveLocale } from "#app/i18n/locale.server";
import { CheckboxField, ErrorSummary, SelectField, TextField, keep, type FormResult } from "#app/ui/form";
import { useUnsavedChangesGuard } from "#app/ui/step-navigation";
import { useCycleEditor } from "./admin.order-cycles.$cycleId";
import { FeeCalculation } from "#app/ui/fee-calculation";
import { formatInstant } from "#app/i18n/format";
import { capFromField } from "#app/domain/capacity/rules";

export async function action({ request, params }: ActionFunctionArgs) {
  const caller = await requireUserPage(request);
  const locale = await resolveLocale(request, caller.user.locale);
  const form = await request.formData();
  const cycleId = params.cycleId!;
  return handleForm({ request, locale, form }, async () => {
    switch (form.get("intent")) {
      case "clone": {
        const copyId = await cloneOrderCycle(caller.actor, cycleId, locale);
        throw redirect(`/admin/order-cycles/${copyId}`);
      }
      case "delete":
        await deleteOrderCycle(caller.actor, cycleId);
        throw redirect("/admin/order-cycles");
      case "repeatPreview":
      case "repeat": {
        const fields = { every: String(form.get("every") ?? ""), count: String(form.get("count") ?? "") };
        const result = await repeatOrderCycle(caller.actor, cycleId, repeatFromForm(fields, form.get("intent") === "repeatPreview"), locale);
        return { ok: true as const, intent: form.get("intent") as "repeatPreview" | "repeat", repeat: serializeRepeat(result), fields };
      }
      default:
        await updateOrderCycle(caller.actor, cycleId, {
          name: String(form.get("name") ?? ""),
          opensAt: String(form.get("opensAt") ?? ""),
          closesAt: String(form.get("closesAt") ?? ""),
          coordinatorFeeIds: form.getAll("coordinatorFeeIds").map(String),
          automaticNotifications: form.get("automaticNotifications") === "on",
          // Blank is no cap; refused at the field unless a whole number from 1 (decision 0046).
          ...(form.has("maxOrders") ? { maxOrders: capFromField("maxOrders", form.get("maxOrders")) } : {}),
          confirmDateChange: form.get("confirmDateChange") === "on",
        });
        if (form.get("next")) throw redirect(`/admin/order-cycles/${cycleId}/incoming`);
        return { ok: true as const, intent: "settings" };
    }
  });
}

function serializeRepeat(result: RepeatResult) {
  return {
    items: result.items.map((item) => ({ ...item, opensAt: item.opensAt.toISOString(), closesAt: item.closesAt.toISOString() })),
    skipped: result.skippedIndexes.length,
  };
}

type RepeatAnswer = { ok: true; intent: "repeatPreview" | "repeat"; repeat: ReturnType<typeof serializeRepeat>; fields: { every: string; count: string } };

/** Repeat: choose how often and how many, see the dates, then make the copies. */
function RepeatCycle({ result }: { result: FormResult | RepeatAnswer | undefined }) {
  const { t, i18n } = useT("cycles");
  const editor = useCycleEditor();
  const { cycle, coordinatorTimeZone } = editor;
  const answer = result?.ok === true && (result as RepeatAnswer).repeat ? (result as RepeatAnswer) : undefined;
  const failed = result?.ok === false && (result.intent === "repeat" || result.intent === "repeatPreview") ? result : undefined;
  const preview = answer?.intent === "repeatPreview" ? answer : undefined;
  const made = answer?.intent === "repeat" ? answer : undefined;
  const every = preview?.fields.every ?? keep(failed, "every", "1w");
  const count = preview?.fields.count ?? keep(failed, "count", "4");
  const when = (instant: string) => formatInstant(instant, coordinatorTimeZone, i18n.language, { compact: true });
  const everyLabel = (choice: (typeof repeatChoices)[number]) =>
    choice === "1m" ? t("repeat.everyMonth") : choice === "1w" ? t("repeat.everyWeek") : t("repeat.everyWeeks", { count: Number(choice[0]) });
  if (!cycle.opensAt || !cycle.closesAt) return <p className="hint">{t("repeat.needsDates")}</p>;
  return (
    <div className="repeat-cycle">
      <h3 id="repeat-heading">{t("repeat.heading")}</h3>
      <p className="hint">{t("repeat.hint")}</p>
      {cycle.seriesIndex !== null ? <p className="muted">{t("repeat.seriesOf", { number: cycle.seriesIndex + 1 })}</p> : null}
      {made ? (
        <p className="alert alert-success" role="status">
          {t("repeat.created", { count: made.repeat.items.length })}
        </p>
      ) : null}
      <ErrorSummary result={failed} />
      <Form method="post" className="form repeat-form" noValidate aria-labelledby="repeat-heading">
        <div className="form-row">
          <SelectField
            label={t("repeat.every")}
            name="every"
            defaultValue={every}
            error={failed?.fieldErrors?.every}
            options={repeatChoices.map((choice) => ({ value: choice, label: everyLabel(choice) }))}
          />
          <TextField
            label={t("repeat.count")}
            hint={t("repeat.countHint")}
            name="count"
            type="number"
            inputMode="numeric"
            min={1}
            max={MAX_REPEATS}
            defaultValue={count}
            error={failed?.fieldErrors?.count}
          />
        </div>
        <div className="form-actions">
          <button type="submit" name="intent" value="repeatPreview" className="button button-secondary">
            {t("repeat.preview")}
          </button>
        </div>
      </Form>
      {preview ? (
        <section className="repeat-preview" aria-labelledby="repeat-preview-heading">
          <h4 id="repeat-preview-heading">{t("repeat.previewHeading")}</h4>
          {preview.repeat.items.length === 0 ? (
            <p className="muted">{t("repeat.previewNone")}</p>
          ) : (
            <ol className="repeat-dates">
              {preview.repeat.items.map((item) => (
                <li key={item.index}>
                  <strong>{item.name}</strong>
                  <span className="muted"> · {t("repeat.opensCloses", { opens: when(item.opensAt), closes: when(item.closesAt) })}</span>
                </li>
              ))}
            </ol>
          )}
          {preview.repeat.skipped > 0 ? <p className="hint">{t("repeat.skipped", { count: preview.repeat.skipped })}</p> : null}
          {preview.repeat.items.length > 0 ? (
            <Form method="post">
              <input type="hidden" name="every" value={preview.fields.every} />
              <input type="hidden" name="count" value={preview.fields.count} />
              <button type="submit" name="intent" value="repeat" className="button">
                {t("repeat.create", { count: preview.repeat.items.length })}
              </button>
            </Form>
          ) : null}
        </section>
      ) : null}
    </div>
  );
}

export default function CycleGeneral() {
  const { t, i18n } = useT("cycles");
  const editor = useCycleEditor();
  const { cycle, coordinatorTimeZone } = editor;
  const result = useActionData<typeof action>() as FormResult;
  // An archived fee shows only where it is still used, so that saving keeps it.
  const coordinatorFees = editor.fees.filter((fee) => fee.ownerId === cycle.coordinator.id && (!fee.archived || cycle.coordinatorFeeIds.includes(fee.id)));
  const settingsFailed = result?.ok === false && !["clone", "delete", "repeat", "repeatPreview"].includes(result.intent ?? "");
  const local = (value: string | null) => (value ? toLocalInput(new Date(value), coordinatorTimeZone) : "");
  const guard = useUnsavedChangesGuard(t("next.unsaved"));

  if (!cycle.canEditSettings) {
    return (
      <section className="card" aria-labelledby="general-heading">
        <h2 id="general-heading">{t("general.heading")}</h2>
        <p className="muted">{t("general.readOnly")}</p>
        <dl className="facts">
          <dt>{t("general.coordinator")}</dt>
          <dd>{cycle.coordinator.name}</dd>
          <dt>{t("general.opensAt")}</dt>
          <dd>{cycle.opensAt ? formatInstant(cycle.opensAt, coordinatorTimeZone, i18n.language) : t("notDated")}</dd>
          <dt>{t("general.closesAt")}</dt>
          <dd>{cycle.closesAt ? formatInstant(cycle.closesAt, coordinatorTimeZone, i18n.language) : t("notDated")}</dd>
        </dl>
      </section>
    );
  }

  return (
    <div onChange={guard.onChange} onSubmit={guard.onSubmit}>
      {result?.ok === true && (result as { intent?: string }).intent === "settings" ? (
        <div className="alert alert-success" role="status">
          {t("general.saved")}
        </div>
      ) : null}
      <ErrorSummary result={result} />
      <Form method="post" className="card form" noValidate aria-labelledby="general-heading">
        <h2 id="general-heading">{t("general.heading")}</h2>
        <input type="hidden" name="intent" value="settings" />
        <TextField
          label={t("general.name")}
          hint={t("general.nameHint")}
          name="name"
          defaultValue={settingsFailed ? keep(result, "name") : cycle.name}
          error={settingsFailed ? result?.fieldErrors?.name : undefined}
          required
          maxLength={120}
        />
        <div className="form-row">
          <TextField
            label={t("general.opensAt")}
            type="datetime-local"
            name="opensAt"
            defaultValue={settingsFailed ? keep(result, "opensAt") : local(cycle.opensAt)}
            hint={t("general.zoneHint", { zone: coordinatorTimeZone })}
            error={settingsFailed ? result?.fieldErrors?.opensAt : undefined}
          />
          <TextField
            label={t("general.closesAt")}
            type="datetime-local"
            name="closesAt"
            defaultValue={settingsFailed ? keep(result, "closesAt") : local(cycle.closesAt)}
            hint={t("general.zoneHint", { zone: coordinatorTimeZone })}
            error={settingsFailed ? result?.fieldErrors?.closesAt : undefined}
          />
        </div>
        {editor.hasOrders ? <CheckboxField label={t("general.confirmDateChange")} name="confirmDateChange" /> : null}
        <fieldset>
          <legend>{t("general.coordinatorFees")}</legend>
          <p className="hint">{t("general.coordinatorFeesHint")}</p>
          {coordinatorFees.length === 0 ? <p className="muted">{t("general.noCoordinatorFees")}</p> : null}
          {coordinatorFees.map((fee) => (
            <label key={fee.id} className="checkbox">
              <input type="checkbox" name="coordinatorFeeIds" value={fee.id} defaultChecked={cycle.coordinatorFeeIds.includes(fee.id)} />
              <span>
                {fee.name}
                <FeeCalculation fee={fee} /> {fee.archived ? <span className="badge badge-neutral">{t("common:archived")}</span> : null}
              </span>
            </label>
          ))}
          {settingsFailed && result?.fieldErrors?.coordinatorFeeIds ? <div className="field-error">{result.fieldErrors.coordinatorFeeIds}</div> : null}
        </fieldset>
        <TextField
          label={t("general.maxOrders")}
          hint={
            cycle.maxOrders && "placedOrders" in cycle
              ? t("general.maxOrdersPlaced", { count: cycle.placedOrders ?? 0, max: cycle.maxOrders })
              : t("general.maxOrdersHint")
          }
          name="maxOrders"
          type="number"
          inputMode="numeric"
          min={1}
          step={1}
          className="qty-input"
          defaultValue={settingsFailed ? keep(result, "maxOrders") : (cycle.maxOrders?.toString() ?? "")}
          error={settingsFailed ? result?.fieldErrors?.maxOrders : undefined}
        />
        {cycle.maxOrders && "placedOrders" in cycle && (cycle.placedOrders ?? 0) > cycle.maxOrders ? (
          <p className="alert alert-warning" role="status">
            {t("general.maxOrdersBelowPlaced", { placed: cycle.placedOrders ?? 0, max: cycle.maxOrders })}
          </p>
        ) : null}
        <CheckboxField
          label={t("general.automaticNotifications")}
          hint={t("general.automaticNotificationsHint")}
          name="automaticNotifications"
          defaultChecked={cycle.automaticNotifications}
          error={settingsFailed ? result?.fieldErrors?.automaticNotifications : undefined}
        />
        <div className="form-actions">
          <button type="submit" name="next" value="incoming" className="button">
            {t("next.saveAndNext")}
          </button>
          <button type="submit" className="button button-secondary">
            {t("general.save")}
          </button>
        </div>
      </Form>

      <section className="card" aria-labelledby="actions-heading">
        <h2 id="actions-heading">{t("columns.actions")}</h2>
        <Form method="post" className="row">
          <input type="hidden" name="intent" value="clone" />
          <button type="submit" className="button button-secondary">
            {t("actions.clone")}
          </button>
          <span className="hint">{t("actions.cloneHint")}</span>
        </Form>
        <RepeatCycle result={result as never} />
        <details className="danger-details">
          <summary className="button button-danger button-small">{t("actions.delete")}</summary>
          <Form method="post" className="alert alert-error">
            <input type="hidden" name="intent" value="delete" />
            <p>{editor.hasOrders ? t("actions.deleteRefused") : t("actions.deleteConfirm", { name: cycle.name })}</p>
            {!editor.hasOrders ? (
              <button type="submit" className="button button-danger">
                {t("actions.delete")}
              </button>
            ) : null}
          </Form>
        </details>
      </section>
    </div>
  );
}
