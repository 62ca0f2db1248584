// Step one of a new cycle: its coordinator, name, dates, coordinator fees and notification choice.
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { useState } from "react";
import { useT } from "#app/i18n/use-t";
import { requireUserPage } from "#app/auth/actor.server";
import { createOrderCycle } from "#app/domain/order-cycles/commands.server";
import { coordinatorsForActor, feesOwnedBy } from "#app/domain/order-cycles/queries.server";
import { handleForm } from "#app/http/forms.server";
import { resolveLocale } from "#app/i18n/locale.server";
import { CheckboxField, ErrorSummary, SelectField, TextField, keep, keptChoices, type FormResult } from "#app/ui/form";
import { pageTitle } from "#app/ui/page-title";
import { FeeCalculation } from "#app/ui/fee-calculation";

export const meta: MetaFunction = ({ matches }) => [{ title: pageTitle(matches, "newOrderCycle") }];

export async function loader({ request }: LoaderFunctionArgs) {
  const caller = await requireUserPage(request);
  const coordinators = await coordinatorsForActor(caller.actor);
  const fees = await feesOwnedBy(coordinators.map((hub) => hub.id));
  return { coordinators, fees };
}

export async function action({ request }: ActionFunctionArgs) {
  const caller = await requireUserPage(request);
  const locale = await resolveLocale(request, caller.user.locale);
  const form = await request.formData();
  return handleForm({ request, locale, form }, async () => {
    const coordinatorId = String(form.get("coordinatorId") ?? "");
    const id = await createOrderCycle(caller.actor, {
      name: String(form.get("name") ?? ""),
      coordinatorId,
      opensAt: String(form.get("opensAt") ?? ""),
      closesAt: String(form.get("closesAt") ?? ""),
      coordinatorFeeIds: form.getAll(`coordinatorFeeIds:${coordinatorId}`).map(String),
      automaticNotifications: form.get("automaticNotifications") === "on",
      confirmClosed: form.get("confirmClosed") === "on",
    });
    throw redirect(`/admin/order-cycles/${id}/incoming`);
  });
}

export default function NewOrderCycle() {
  const { t } = useT("cycles");
  const { coordinators, fees } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>() as FormResult;
  const [coordinatorId, setCoordinatorId] = useState(keep(result, "coordinatorId", coordinators[0]?.id));
  const coordinator = coordinators.find((hub) => hub.id === coordinatorId) ?? coordinators[0];

  if (coordinators.length === 0) {
    return (
      <>
        <div className="page-header">
          <h1>{t("new")}</h1>
        </div>
        <div className="card empty">
          <p>{t("general.noHub")}</p>
        </div>
      </>
    );
  }

  return (
    <>
      <div className="page-header">
        <div>
          <p className="muted">
            <Link to="/admin/order-cycles">{t("title")}</Link>
          </p>
          <h1>{t("new")}</h1>
        </div>
      </div>
      <ErrorSummary result={result} />
      <Form method="post" className="card form" noValidate>
        <SelectField
          label={t("general.coordinator")}
          hint={t("general.coordinatorHint")}
          name="coordinatorId"
          value={coordinatorId}
          onChange={(event) => setCoordinatorId(event.currentTarget.value)}
          options={coordinators.map((hub) => ({ value: hub.id, label: hub.name }))}
          error={result?.fieldErrors?.coordinatorId}
        />
        <TextField
          label={t("general.name")}
          hint={t("general.nameHint")}
          name="name"
          defaultValue={keep(result, "name")}
          error={result?.fieldErrors?.name}
          required
          maxLength={120}
        />
        <div className="form-row">
          <TextField
            label={t("general.opensAt")}
            type="datetime-local"
            name="opensAt"
            defaultValue={keep(result, "opensAt")}
            hint={t("general.zoneHint", { zone: coordinator.timeZone })}
            error={result?.fieldErrors?.opensAt}
          />
          <TextField
            label={t("general.closesAt")}
            type="datetime-local"
            name="closesAt"
            defaultValue={keep(result, "closesAt")}
            hint={t("general.zoneHint", { zone: coordinator.timeZone })}
            error={result?.fieldErrors?.closesAt}
          />
        </div>
        {result?.fieldErrorKeys?.closesAt === "closesBeforeNow" ? <CheckboxField label={t("general.confirmClosed")} name="confirmClosed" /> : null}
        {coordinators.map((hub) => {
          const hubFees = fees.filter((fee) => fee.ownerId === hub.id);
          return (
            <fieldset key={hub.id} hidden={hub.id !== coordinator.id}>
              <legend>
                {t("general.coordinatorFees")}
                {coordinators.length > 1 ? ` · ${hub.name}` : ""}
              </legend>
              <p className="hint">{t("general.coordinatorFeesHint")}</p>
              {hubFees.length === 0 ? <p className="muted">{t("general.noCoordinatorFees")}</p> : null}
              {hubFees.map((fee) => (
                <label key={fee.id} className="checkbox">
                  <input
                    type="checkbox"
                    name={`coordinatorFeeIds:${hub.id}`}
                    value={fee.id}
                    defaultChecked={keptChoices(result, `coordinatorFeeIds:${hub.id}`).includes(fee.id)}
                  />
                  <span>
                    {fee.name}
                    <FeeCalculation fee={fee} />
                  </span>
                </label>
              ))}
              {result?.fieldErrors?.coordinatorFeeIds ? <div className="field-error">{result.fieldErrors.coordinatorFeeIds}</div> : null}
            </fieldset>
          );
        })}
        <CheckboxField
          label={t("general.automaticNotifications")}
          hint={t("general.automaticNotificationsHint")}
          name="automaticNotifications"
          defaultChecked={result?.ok === false ? result.values?.automaticNotifications === "on" : true}
          error={result?.fieldErrors?.automaticNotifications}
        />
        <div className="form-actions">
          <button type="submit" className="button">
            {t("general.create")}
          </button>
          <Link to="/admin/order-cycles" className="button button-quiet">
            {t("common:actions.cancel")}
          </Link>
        </div>
      </Form>
    </>
  );
}
