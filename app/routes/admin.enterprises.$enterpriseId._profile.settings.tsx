// An enterprise's settings: its profile (managers and holders of edit_profile) and its shop
// preferences (managers); anyone else signed in sees the profile read-only.
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useActionData, useLoaderData, useNavigation, useSearchParams } from "@remix-run/react";
import { useT } from "#app/i18n/use-t";
import { requireUserPage } from "#app/auth/actor.server";
import { DomainError } from "#app/domain/errors";
import { updateEnterprise, updateShopPreferences } from "#app/domain/enterprises/commands.server";
import { invoicingFromForm, profileFromForm, shopPreferencesFromForm } from "#app/domain/enterprises/forms";
import { PICKUP_REMINDER_DAYS } from "#app/domain/pickup/reminder-days";
import { knownTimeZones } from "#app/domain/enterprises/kinds";
import { getEnterprise } from "#app/domain/enterprises/queries.server";
import { handleForm } from "#app/http/forms.server";
import { formToObject } from "#app/http/form-data";
import { resolveLocale } from "#app/i18n/locale.server";
import { CheckboxField, IntentForm, IntentFormCard, SelectField, TextAreaField, TextField, keep, type FormResult } from "#app/ui/form";
import { CardHeader } from "#app/ui/card";
import { KindBadge, TimeZoneField } from "#app/ui/enterprise";
import { pageTitle } from "#app/ui/page-title";
import { pageError } from "#app/http/pages.server";
import { loyaltyPreferencesOf } from "#app/domain/loyalty/settings.server";
import { autoTagsText, loyaltyFromForm } from "#app/domain/loyalty/forms";

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => [{ title: pageTitle(matches, "settings", [data?.enterprise.name]) }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const caller = await requireUserPage(request);
  const enterprise = await getEnterprise(caller.actor, params.enterpriseId!).catch(pageError);
  // Loyalty is a shop's (docs/domain.md 13): shown to its managers when it has one.
  const loyalty = enterprise.access.canAdminister && enterprise.orderCyclesSortedBy ? await loyaltyPreferencesOf(enterprise.id) : null;
  return { enterprise, timeZones: enterprise.access.canEditProfile ? knownTimeZones() : [], loyalty };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const caller = await requireUserPage(request);
  const locale = await resolveLocale(request, caller.user.locale);
  const form = await request.formData();
  const fields = formToObject(form, ["pickupReminderDays"]);
  const intent = fields.intent;
  return handleForm({ request, locale, form }, async () => {
    if (intent === "profile") await updateEnterprise(caller.actor, params.enterpriseId!, profileFromForm(fields));
    else if (intent === "shopPreferences") await updateShopPreferences(caller.actor, params.enterpriseId!, shopPreferencesFromForm(fields));
    else if (intent === "loyalty") await updateShopPreferences(caller.actor, params.enterpriseId!, loyaltyFromForm(fields));
    else if (intent === "invoicing") await updateEnterprise(caller.actor, params.enterpriseId!, invoicingFromForm(fields));
    else throw new DomainError("malformed");
    return { ok: true as const, intent };
  });
}

type Result = FormResult;

function resultFor(result: Result, intent: string): Result {
  return result?.intent === intent ? result : undefined;
}

export default function EnterpriseSettings() {
  const { t } = useT("enterprises");
  const { t: tc } = useT();
  const { enterprise, timeZones, loyalty } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>() as Result;
  const [searchParams] = useSearchParams();
  const navigation = useNavigation();
  const busyIntent = navigation.state === "submitting" ? navigation.formData?.get("intent") : undefined;
  const profile = resultFor(actionData, "profile");
  const shop = resultFor(actionData, "shopPreferences");
  const loyaltyResult = resultFor(actionData, "loyalty");
  const failedLoyalty = loyaltyResult?.ok === false ? loyaltyResult : undefined;
  const autoTagsError = Object.entries(failedLoyalty?.fieldErrors ?? {}).find(([name]) => name.startsWith("autoTags"))?.[1];
  const failedProfile = profile?.ok === false ? profile : undefined;
  const failedShop = shop?.ok === false ? shop : undefined;
  const invoicing = resultFor(actionData, "invoicing");
  const failedInvoicing = invoicing?.ok === false ? invoicing : undefined;
  const invoicingErrors = failedInvoicing?.fieldErrors ?? {};
  const errors = failedProfile?.fieldErrors ?? {};
  const { access } = enterprise;
  // After a refused save the boxes keep what was sent (all unticked is sent as none).
  const sentDays = failedShop?.values?.pickupReminderDays;
  const reminderDays: readonly number[] = failedShop
    ? (Array.isArray(sentDays) ? sentDays : typeof sentDays === "string" ? [sentDays] : []).map(Number)
    : (enterprise.pickupReminderDays ?? []);
  // The whole list, or one entry of it ("pickupReminderDays.0"), is told under the boxes.
  const reminderDaysError = Object.entries(failedShop?.fieldErrors ?? {}).find(([field]) => field.split(".")[0] === "pickupReminderDays")?.[1];
  const languageName = (code: string) => (code === "fr" ? tc("language.fr") : tc("language.en"));

  return (
    <>
      <div className="settings-column">
        {searchParams.get("created") && !actionData ? (
          <p className="alert alert-success" role="status">
            {t("list.created", { name: enterprise.name })}
          </p>
        ) : null}

        <section className="card" aria-labelledby="profile-title">
          <CardHeader id="profile-title" title={t("settings.profileTitle")} />
          {!access.canEditProfile ? (
            <>
              <p className="alert alert-warning">{t("settings.readOnly")}</p>
              <dl className="facts">
                <dt>{t("fields.kind")}</dt>
                <dd>
                  <KindBadge kind={enterprise.kindLabel} />
                </dd>
                <dt>{t("fields.address")}</dt>
                <dd className="preserve-lines">{enterprise.address || <span className="muted">{t("settings.empty")}</span>}</dd>
                <dt>{t("fields.description")}</dt>
                <dd className="preserve-lines">{enterprise.description || <span className="muted">{t("settings.empty")}</span>}</dd>
                <dt>{t("fields.locale")}</dt>
                <dd>{languageName(enterprise.locale)}</dd>
                <dt>{t("fields.timeZone")}</dt>
                <dd>{enterprise.timeZone}</dd>
              </dl>
            </>
          ) : (
            <IntentForm
              intent="profile"
              saved={profile?.ok ? t("settings.profileSaved") : undefined}
              failed={failedProfile}
              submitLabel={t("settings.saveProfile")}
              busy={busyIntent === "profile"}
            >
              {!access.canAdminister ? <p className="alert alert-warning">{t("settings.editProfileNote", { name: enterprise.name })}</p> : null}
              <TextField
                label={t("fields.name")}
                hint={t("fields.nameHint")}
                name="name"
                defaultValue={keep(failedProfile, "name", enterprise.name)}
                error={errors.name}
                required
                maxLength={120}
                autoComplete="organization"
              />
              <div className="field">
                <span className="label">{t("fields.kind")}</span>
                <div>
                  <KindBadge kind={enterprise.kindLabel} />
                </div>
                <div className="hint">{t("settings.kindFixed")}</div>
              </div>
              <TextField
                label={t("fields.email")}
                hint={t("fields.emailHint")}
                name="email"
                type="email"
                inputMode="email"
                autoComplete="email"
                defaultValue={keep(failedProfile, "email", enterprise.email)}
                error={errors.email}
                required
                maxLength={254}
              />
              <div className="form-row">
                <SelectField
                  label={t("fields.locale")}
                  hint={t("fields.localeHint")}
                  name="locale"
                  defaultValue={keep(failedProfile, "locale", enterprise.locale)}
                  error={errors.locale}
                  options={[
                    { value: "en", label: tc("language.en") },
                    { value: "fr", label: tc("language.fr") },
                  ]}
                />
                <TimeZoneField
                  label={t("fields.timeZone")}
                  hint={t("fields.timeZoneHint")}
                  zones={timeZones}
                  value={keep(failedProfile, "timeZone", enterprise.timeZone)}
                  error={errors.timeZone}
                />
              </div>
              <TextAreaField
                label={t("fields.address")}
                hint={t("fields.addressHint")}
                name="address"
                defaultValue={keep(failedProfile, "address", enterprise.address)}
                error={errors.address}
                rows={3}
                maxLength={500}
                autoComplete="street-address"
              />
              <TextAreaField
                label={t("fields.description")}
                hint={t("fields.descriptionHint")}
                name="description"
                defaultValue={keep(failedProfile, "description", enterprise.description)}
                error={errors.description}
                rows={4}
                maxLength={5000}
              />
            </IntentForm>
          )}
        </section>

        {access.canAdminister && enterprise.orderCyclesSortedBy ? (
          <IntentFormCard
            id="shop-title"
            title={t("settings.shopTitle")}
            lead={t("settings.shopLead")}
            intent="shopPreferences"
            result={shop}
            saved={t("settings.shopSaved")}
            submitLabel={t("settings.saveShop")}
            busy={busyIntent === "shopPreferences"}
          >
            <fieldset className="sort-fieldset">
              <legend>{t("settings.sortLegend")}</legend>
              <div className="sort-options">
                {(["closes_at", "opens_at"] as const).map((order) => (
                  <label key={order} className="choice">
                    <input
                      type="radio"
                      name="orderCyclesSortedBy"
                      value={order}
                      defaultChecked={keep(failedShop, "orderCyclesSortedBy", enterprise.orderCyclesSortedBy) === order}
                    />
                    <span>
                      <strong>{t(order === "closes_at" ? "settings.sortClosesAt" : "settings.sortOpensAt")}</strong>
                      <span className="choice-detail muted">{t(order === "closes_at" ? "settings.sortClosesAtHint" : "settings.sortOpensAtHint")}</span>
                    </span>
                  </label>
                ))}
              </div>
              {failedShop?.fieldErrors?.orderCyclesSortedBy ? <div className="field-error">{failedShop.fieldErrors.orderCyclesSortedBy}</div> : null}
            </fieldset>
            <CheckboxField
              label={t("settings.suppliersSeeBuyerNames")}
              hint={t("settings.suppliersSeeBuyerNamesHint")}
              name="suppliersSeeBuyerNames"
              defaultChecked={failedShop ? failedShop.values?.suppliersSeeBuyerNames === "on" : enterprise.suppliersSeeBuyerNames}
              error={failedShop?.fieldErrors?.suppliersSeeBuyerNames}
            />
            <fieldset className="sort-fieldset">
              <legend>{t("settings.pickupRemindersLegend")}</legend>
              <p className="muted">{t("settings.pickupRemindersHint")}</p>
              <div className="sort-options">
                {PICKUP_REMINDER_DAYS.map((day) => (
                  <label key={day} className="choice">
                    <input type="checkbox" name="pickupReminderDays" value={day} defaultChecked={reminderDays.includes(day)} />
                    <span>
                      <strong>{t("settings.pickupReminderDay", { count: day })}</strong>
                    </span>
                  </label>
                ))}
              </div>
              {reminderDaysError ? <div className="field-error">{reminderDaysError}</div> : null}
            </fieldset>
            <CheckboxField
              label={t("settings.announceOpenCycles")}
              hint={t("settings.announceOpenCyclesHint")}
              name="announceOpenCycles"
              defaultChecked={failedShop ? failedShop.values?.announceOpenCycles === "on" : enterprise.announceOpenCycles}
              error={failedShop?.fieldErrors?.announceOpenCycles}
            />
            <SelectField
              label={t("settings.closingReminderHours")}
              hint={t("settings.closingReminderHoursHint")}
              name="closingReminderHours"
              defaultValue={keep(
                failedShop,
                "closingReminderHours",
                enterprise.closingReminderHours === null ? "off" : String(enterprise.closingReminderHours ?? 24),
              )}
              error={failedShop?.fieldErrors?.closingReminderHours}
              options={[
                { value: "off", label: t("settings.closingReminderOff") },
                ...[...new Set([2, 6, 12, 24, 48, 72, enterprise.closingReminderHours ?? 24])]
                  .sort((a, b) => a - b)
                  .map((hours) => ({ value: String(hours), label: t("settings.closingReminderHoursBefore", { count: hours }) })),
              ]}
            />
          </IntentFormCard>
        ) : null}

        {loyalty ? (
          <IntentFormCard
            id="loyalty-title"
            title={t("shop:loyalty.settings.title")}
            lead={t("shop:loyalty.settings.lead")}
            intent="loyalty"
            result={loyaltyResult}
            saved={t("shop:loyalty.settings.saved")}
            submitLabel={t("shop:loyalty.settings.save")}
            busy={busyIntent === "loyalty"}
          >
            <CheckboxField
              label={t("shop:loyalty.settings.enabled")}
              name="loyaltyEnabled"
              defaultChecked={failedLoyalty ? failedLoyalty.values?.loyaltyEnabled === "on" : loyalty.loyalty !== null}
              error={failedLoyalty?.fieldErrors?.loyalty}
            />
            <div className="form-row">
              <TextField
                label={t("shop:loyalty.settings.pointsPerEuro")}
                hint={t("shop:loyalty.settings.pointsPerEuroHint")}
                name="loyalty.pointsPerEuro"
                inputMode="numeric"
                defaultValue={keep(failedLoyalty, "loyalty.pointsPerEuro", loyalty.loyalty?.pointsPerEuro ?? 1)}
                error={failedLoyalty?.fieldErrors?.["loyalty.pointsPerEuro"]}
              />
              <TextField
                label={t("shop:loyalty.settings.centsPerPoint")}
                hint={t("shop:loyalty.settings.centsPerPointHint")}
                name="loyalty.centsPerPoint"
                inputMode="numeric"
                defaultValue={keep(failedLoyalty, "loyalty.centsPerPoint", loyalty.loyalty?.centsPerPoint ?? 5)}
                error={failedLoyalty?.fieldErrors?.["loyalty.centsPerPoint"]}
              />
            </div>
            <TextAreaField
              label={t("shop:loyalty.settings.autoTags")}
              hint={t("shop:loyalty.settings.autoTagsHint")}
              name="autoTags"
              rows={3}
              defaultValue={keep(failedLoyalty, "autoTags", autoTagsText(loyalty.autoTags))}
              error={autoTagsError}
            />
          </IntentFormCard>
        ) : null}

        {access.canAdminister && enterprise.legalName !== undefined ? (
          <IntentFormCard
            id="invoicing-title"
            title={t("settings.invoicingTitle")}
            lead={t("settings.invoicingLead")}
            intent="invoicing"
            result={invoicing}
            saved={t("settings.invoicingSaved")}
            submitLabel={t("settings.saveInvoicing")}
            busy={busyIntent === "invoicing"}
          >
            <TextField
              label={t("fields.legalName")}
              hint={t("fields.legalNameHint")}
              name="legalName"
              defaultValue={keep(failedInvoicing, "legalName", enterprise.legalName)}
              error={invoicingErrors.legalName}
              maxLength={200}
              autoComplete="organization"
            />
            <div className="form-row">
              <TextField
                label={t("fields.companyNumber")}
                hint={t("fields.companyNumberHint")}
                name="companyNumber"
                defaultValue={keep(failedInvoicing, "companyNumber", enterprise.companyNumber)}
                error={invoicingErrors.companyNumber}
                maxLength={40}
              />
              <TextField
                label={t("fields.vatNumber")}
                hint={t("fields.vatNumberHint")}
                name="vatNumber"
                defaultValue={keep(failedInvoicing, "vatNumber", enterprise.vatNumber)}
                error={invoicingErrors.vatNumber}
                maxLength={40}
              />
            </div>
            <TextField
              label={t("fields.invoicePrefix")}
              hint={t("fields.invoicePrefixHint", { example: `${enterprise.invoicePrefix || "FAC"}-${new Date().getUTCFullYear()}-000001` })}
              name="invoicePrefix"
              defaultValue={keep(failedInvoicing, "invoicePrefix", enterprise.invoicePrefix)}
              error={invoicingErrors.invoicePrefix}
              maxLength={10}
              autoCapitalize="characters"
              spellCheck={false}
            />
            <CheckboxField
              label={t("fields.invoiceAtClose")}
              hint={t("fields.invoiceAtCloseHint")}
              name="invoiceAtClose"
              defaultChecked={failedInvoicing ? failedInvoicing.values?.invoiceAtClose === "on" : enterprise.invoiceAtClose}
              error={invoicingErrors.invoiceAtClose}
            />
          </IntentFormCard>
        ) : null}
      </div>
    </>
  );
}
