// Create an enterprise: its name, kind (fixed afterwards), notification email, language and time zone.
import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useEffect, useRef, useState } from "react";
import { useT } from "#app/i18n/use-t";
import { requireUserPage } from "#app/auth/actor.server";
import { createEnterprise } from "#app/domain/enterprises/commands.server";
import { createEnterpriseFromForm } from "#app/domain/enterprises/forms";
import { enterpriseKinds, knownTimeZones, type EnterpriseKind } from "#app/domain/enterprises/kinds";
import { handleForm } from "#app/http/forms.server";
import { formToObject } from "#app/http/form-data";
import { resolveLocale } from "#app/i18n/locale.server";
import { CheckboxField, ErrorSummary, SelectField, TextField, keep, type FormResult } from "#app/ui/form";
import { TimeZoneField } from "#app/ui/enterprise";
import { pageTitle } from "#app/ui/page-title";

export const meta: MetaFunction = ({ matches }) => [{ title: pageTitle(matches, "newEnterprise") }];

export async function loader({ request }: LoaderFunctionArgs) {
  const caller = await requireUserPage(request);
  const locale = await resolveLocale(request, caller.user.locale);
  return {
    ownerEmail: caller.user.email,
    locale,
    // Paris for French speakers, UTC otherwise; the browser's own zone replaces it once scripts run.
    defaultTimeZone: locale === "fr" ? "Europe/Paris" : "UTC",
    timeZones: knownTimeZones(),
  };
}

export async function action({ request }: ActionFunctionArgs) {
  const caller = await requireUserPage(request);
  const locale = await resolveLocale(request, caller.user.locale);
  const form = await request.formData();
  return handleForm({ request, locale, form }, async () => {
    const created = await createEnterprise(caller.actor, createEnterpriseFromForm(formToObject(form)));
    throw redirect(`/admin/enterprises/${created.id}/settings?created=1`);
  });
}

export default function NewEnterprise() {
  const { t } = useT("enterprises");
  const { t: tc } = useT();
  const { ownerEmail, locale, defaultTimeZone, timeZones } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>() as FormResult;
  const errors = result?.fieldErrors ?? {};
  const busy = useNavigation().state === "submitting";
  const [kind, setKind] = useState<EnterpriseKind | "">((keep(result, "kind", "") as EnterpriseKind) || "");
  const [enhanced, setEnhanced] = useState(false);
  const zoneRef = useRef<HTMLDivElement>(null);

  useEffect(() => {
    setEnhanced(true);
    // Suggest the browser's zone unless the user already chose one (a refused submission).
    const select = zoneRef.current?.querySelector("select");
    const browserZone = Intl.DateTimeFormat().resolvedOptions().timeZone;
    if (select && !result && timeZones.includes(browserZone)) select.value = browserZone;
  }, [result, timeZones]);

  return (
    <div className="page-medium">
      <div className="page-header">
        <div>
          <h1>{t("new.title")}</h1>
          <p className="muted">{t("new.lead")}</p>
        </div>
      </div>
      <Form method="post" className="card form" noValidate>
        <ErrorSummary result={result} />
        <TextField
          label={t("fields.name")}
          hint={t("fields.nameHint")}
          name="name"
          defaultValue={keep(result, "name")}
          error={errors.name}
          required
          maxLength={120}
          autoComplete="organization"
        />
        <fieldset className="kind-choices" aria-describedby="kind-hint">
          <legend>{t("new.kindLegend")}</legend>
          <div className="kind-options">
            {enterpriseKinds.map((option) => (
              <label key={option} className="choice">
                <input type="radio" name="kind" value={option} checked={kind === option} onChange={() => setKind(option)} required />
                <span>
                  <strong>{t(`kinds.${option}`)}</strong>
                  <span className="choice-detail muted">{t(`kindChoices.${option}`)}</span>
                </span>
              </label>
            ))}
          </div>
          <div id="kind-hint" className="hint">
            {t("new.kindHint")}
          </div>
          {errors.kind ? <div className="field-error">{errors.kind}</div> : null}
          <div className="kind-extras">
            <div hidden={enhanced && kind !== "producer"}>
              <CheckboxField
                label={t("fields.sellsOwnProducts")}
                hint={t("fields.sellsOwnProductsHint")}
                name="sellsOwnProducts"
                defaultChecked={keep(result, "sellsOwnProducts") === "on"}
              />
            </div>
            <div hidden={enhanced && kind !== "hub"}>
              <CheckboxField
                label={t("fields.isProducer")}
                hint={t("fields.isProducerHint")}
                name="isProducer"
                defaultChecked={keep(result, "isProducer") === "on"}
              />
            </div>
          </div>
        </fieldset>
        <TextField
          label={t("fields.email")}
          hint={t("fields.emailHintNew", { email: ownerEmail })}
          name="email"
          type="email"
          inputMode="email"
          autoComplete="email"
          placeholder={ownerEmail}
          defaultValue={keep(result, "email")}
          error={errors.email}
          maxLength={254}
        />
        <div className="form-row">
          <SelectField
            label={t("fields.locale")}
            hint={t("fields.localeHint")}
            name="locale"
            defaultValue={keep(result, "locale", locale)}
            error={errors.locale}
            options={[
              { value: "en", label: tc("language.en") },
              { value: "fr", label: tc("language.fr") },
            ]}
          />
          <div ref={zoneRef}>
            <TimeZoneField
              label={t("fields.timeZone")}
              hint={t("fields.timeZoneHint")}
              zones={timeZones}
              value={keep(result, "timeZone", defaultTimeZone)}
              error={errors.timeZone}
            />
          </div>
        </div>
        <div className="form-actions">
          <button type="submit" className="button" disabled={busy}>
            {t("new.submit")}
          </button>
        </div>
      </Form>
    </div>
  );
}
