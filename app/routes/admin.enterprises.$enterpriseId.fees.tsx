// The fees of an enterprise: a table with each calculation in words, the "Add a fee" form, and the
// edit form (?edit=<feeId>) with archive. Its own managers only; works without JavaScript.
import { EnterprisePageHeader } from "#app/ui/enterprise";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation, useSearchParams } from "@remix-run/react";
import { useEffect, useState } from "react";
import { useT } from "#app/i18n/use-t";
import { requireUserPage } from "#app/auth/actor.server";
import { taxRateToInput, withFormErrors } from "#app/domain/catalogue/forms";
import { DomainError } from "#app/domain/errors";
import { calculatorParams, calculatorTypes, isCalculatorType, isPerItem, type CalculatorType } from "#app/domain/fees/calculators";
import { calculatorKeys, describeCalculatorWith, describeTaxWith, type Translate } from "#app/domain/fees/descriptions";
import { archiveFee, createFee, feesPage, updateFee, type FeeView } from "#app/domain/fees/fees.server";
import { feeFromForm, paramInputName, paramToInput } from "#app/domain/fees/forms";
import { feeTypes } from "#app/domain/fees/schemas";
import { handleForm } from "#app/http/forms.server";
import { formToObject } from "#app/http/form-data";
import { resolveLocale } from "#app/i18n/locale.server";
import { ErrorSummary, SelectField, TextField, keep, type FormResult } from "#app/ui/form";
import { pageTitle } from "#app/ui/page-title";
import { pageError } from "#app/http/pages.server";
import { currencySymbol } from "#app/i18n/format";

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => [
  { title: pageTitle(matches, "fees", [data?.editing?.fee.name, data?.enterprise.name]) },
];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const caller = await requireUserPage(request);
  const editId = new URL(request.url).searchParams.get("edit");
  return feesPage(caller.actor, params.enterpriseId!, { editId }).catch(pageError);
}

export async function action({ request, params }: ActionFunctionArgs) {
  const caller = await requireUserPage(request);
  const locale = await resolveLocale(request, caller.user.locale);
  const form = await request.formData();
  const fields = formToObject(form) as Record<string, string>;
  const base = `/admin/enterprises/${params.enterpriseId}/fees`;
  return handleForm({ request, locale, form }, async () => {
    switch (fields.intent) {
      case "create": {
        const parse = feeFromForm(fields);
        const fee = await withFormErrors(parse, () => createFee(caller.actor, params.enterpriseId!, parse.input));
        throw redirect(`${base}?created=${encodeURIComponent(fee.id)}`);
      }
      case "update": {
        const parse = feeFromForm(fields, { partial: true });
        const fee = await withFormErrors(parse, () => updateFee(caller.actor, fields.feeId ?? "", parse.input));
        throw redirect(`${base}?updated=${encodeURIComponent(fee.id)}`);
      }
      case "archive":
        await archiveFee(caller.actor, fields.feeId ?? "");
        throw redirect(`${base}?archived=1`);
      default:
        throw new DomainError("malformed");
    }
  });
}

/** Parameter fields of every calculator show without JavaScript; with it, only the chosen one's. */
function useEnhanced() {
  const [enhanced, setEnhanced] = useState(false);
  useEffect(() => setEnhanced(true), []);
  return enhanced;
}

function useFeeText() {
  const { t, i18n } = useT("fees");
  const translate: Translate = (key, values) => t(key, values);
  return {
    t,
    locale: i18n.language,
    describe: (fee: FeeView) => describeCalculatorWith(translate, fee.calculator, i18n.language),
    tax: (fee: FeeView) => describeTaxWith(translate, fee, i18n.language),
  };
}

const paramHints: Record<string, string | undefined> = {
  percent: "fields.paramHints.percent",
  maxItems: "fields.paramHints.maxItems",
  thresholdCents: "fields.paramHints.thresholdCents",
  normalCents: "fields.paramHints.normalCents",
  discountCents: "fields.paramHints.discountCents",
};

function CalculatorFields({ result, fee }: { result: FormResult; fee?: FeeView }) {
  const { t, i18n } = useT("fees");
  const enhanced = useEnhanced();
  const currency = currencySymbol(i18n.language);
  const errors = result?.fieldErrors ?? {};
  const typed = keep(result, "calculatorType", fee?.calculator.type ?? "per_item");
  const [chosen, setChosen] = useState<CalculatorType>(isCalculatorType(typed) ? typed : "per_item");
  return (
    <>
      <SelectField
        label={t("fields.calculatorType")}
        hint={enhanced ? t("fields.calculatorTypeHint") : t("fields.calculatorTypeHintNoScript")}
        name="calculatorType"
        value={chosen}
        onChange={(event) => setChosen(event.currentTarget.value as CalculatorType)}
        error={errors.calculatorType}
        options={calculatorTypes.map((type) => ({ value: type, label: t(`calculators.${calculatorKeys[type]}`) }))}
      />
      {calculatorTypes.map((type) => (
        <fieldset key={type} className="fee-params" hidden={enhanced && type !== chosen} data-calculator={type}>
          <legend>{t(`calculators.${calculatorKeys[type]}`)}</legend>
          <p className="hint">{t(`calculatorHints.${calculatorKeys[type]}`)}</p>
          <div className="fee-param-fields">
            {calculatorParams[type].map((param) => {
              const name = paramInputName(type, param);
              const hint = paramHints[param];
              return (
                <TextField
                  key={name}
                  label={t(`fields.params.${calculatorKeys[type]}.${param}`, { currency })}
                  hint={hint ? t(hint) : undefined}
                  name={name}
                  inputMode={param === "maxItems" ? "numeric" : "decimal"}
                  defaultValue={keep(result, name, paramToInput(fee?.calculator, type, param, i18n.language))}
                  error={errors[name]}
                  autoComplete="off"
                  className="fee-number"
                />
              );
            })}
          </div>
        </fieldset>
      ))}
      <TaxFields result={result} fee={fee} perItem={!enhanced || isPerItem({ type: chosen })} />
    </>
  );
}

function TaxFields({ result, fee, perItem }: { result: FormResult; fee?: FeeView; perItem: boolean }) {
  const { t, i18n } = useT("fees");
  const enhanced = useEnhanced();
  const errors = result?.fieldErrors ?? {};
  const [mode, setMode] = useState(keep(result, "taxMode", fee?.taxFollowsProduct ? "product" : "rate"));
  const effective = perItem ? mode : "rate";
  const rateText = fee && !fee.taxFollowsProduct && fee.taxRateBasisPoints > 0 ? taxRateToInput(fee.taxRateBasisPoints, i18n.language) : "";
  return (
    <fieldset className="fee-tax">
      <legend>{t("fields.tax")}</legend>
      <label className={`fee-choice${perItem ? "" : " fee-choice-disabled"}`}>
        <input type="radio" name="taxMode" value="product" checked={effective === "product"} disabled={!perItem} onChange={() => setMode("product")} />
        <span>
          <strong>{t("fields.taxProduct")}</strong>
          <span className="hint">{perItem ? t("fields.taxProductHint") : t("fields.taxProductPerItemOnly")}</span>
        </span>
      </label>
      <label className="fee-choice">
        <input type="radio" name="taxMode" value="rate" checked={effective === "rate"} onChange={() => setMode("rate")} />
        <span>
          <strong>{t("fields.taxRateMode")}</strong>
        </span>
      </label>
      {errors.taxMode ? <div className="field-error">{errors.taxMode}</div> : null}
      <div className="fee-tax-rate" hidden={enhanced && effective !== "rate"}>
        <TextField
          label={t("fields.taxRate")}
          hint={t("fields.taxRateHint")}
          name="taxRate"
          inputMode="decimal"
          placeholder="0"
          defaultValue={keep(result, "taxRate", rateText)}
          error={errors.taxRate}
          autoComplete="off"
          className="fee-number"
        />
      </div>
    </fieldset>
  );
}

function FeeForm({ result, fee, inUse, action, submitLabel }: { result: FormResult; fee?: FeeView; inUse?: boolean; action: string; submitLabel: string }) {
  const { t, describe } = useFeeText();
  const busy = useNavigation().state === "submitting";
  const errors = result?.fieldErrors ?? {};
  return (
    <Form method="post" action={action} className="form fee-form" noValidate>
      <input type="hidden" name="intent" value={fee ? "update" : "create"} />
      {fee ? <input type="hidden" name="feeId" value={fee.id} /> : null}
      <ErrorSummary result={result} />
      <div className="form-row">
        <TextField
          label={t("fields.name")}
          hint={t("fields.nameHint")}
          name="name"
          defaultValue={keep(result, "name", fee?.name)}
          error={errors.name}
          required
          maxLength={80}
          autoComplete="off"
        />
        <SelectField
          label={t("fields.feeType")}
          hint={t("fields.feeTypeHint")}
          name="feeType"
          defaultValue={keep(result, "feeType", fee?.feeType ?? "admin")}
          error={errors.feeType}
          options={feeTypes.map((type) => ({ value: type, label: t(`feeTypes.${type}`) }))}
        />
      </div>
      {fee && inUse ? (
        <>
          <div className="field">
            <span className="label">{t("fields.calculation")}</span>
            <span>{describe(fee)}</span>
            <div className="alert alert-warning fee-in-use">{t("edit.inUse")}</div>
          </div>
          <TaxFields result={result} fee={fee} perItem={isPerItem(fee.calculator)} />
        </>
      ) : (
        <CalculatorFields result={result} fee={fee} />
      )}
      <div className="form-actions">
        <button type="submit" className="button" disabled={busy}>
          {submitLabel}
        </button>
        {fee ? (
          <Link to="." className="button button-quiet">
            {t("edit.cancel")}
          </Link>
        ) : null}
      </div>
    </Form>
  );
}

function EditFee({ fee, inUse, base, result }: { fee: FeeView; inUse: boolean; base: string; result: FormResult }) {
  const { t, describe } = useFeeText();
  const failed = result?.ok === false && result.intent === "update" ? result : undefined;
  return (
    <>
      <div className="page-header">
        <div>
          <p>
            <Link to={base}>← {t("edit.back")}</Link>
          </p>
          <h1>{fee.name}</h1>
          <p className="muted">{describe(fee)}</p>
        </div>
      </div>
      {result?.ok === false && result.intent === "archive" ? <ErrorSummary result={result} /> : null}
      <section className="card" aria-label={t("list.editNamed", { name: fee.name })}>
        <FeeForm result={failed} fee={fee} inUse={inUse} action={`${base}?edit=${encodeURIComponent(fee.id)}`} submitLabel={t("edit.save")} />
      </section>
      <section className="card danger-zone" aria-labelledby="archive-heading">
        <h2 id="archive-heading">{t("edit.archiveHeading")}</h2>
        <p className="hint">{t("edit.archiveHint")}</p>
        <details className="danger-details">
          <summary className="button button-danger button-small">{t("edit.archive")}</summary>
          <Form method="post" action={`${base}?edit=${encodeURIComponent(fee.id)}`} className="alert alert-error">
            <input type="hidden" name="intent" value="archive" />
            <input type="hidden" name="feeId" value={fee.id} />
            <p>{t("edit.archiveConfirm", { name: fee.name })}</p>
            <button type="submit" className="button button-danger button-small">
              {t("edit.archiveButton")}
            </button>
          </Form>
        </details>
      </section>
    </>
  );
}

function FeeTable({ fees, enterpriseName }: { fees: FeeView[]; enterpriseName: string }) {
  const { t, describe, tax } = useFeeText();
  return (
    <div className="table-wrap">
      <table className="fee-table">
        <caption className="visually-hidden">{t("list.caption", { enterprise: enterpriseName })}</caption>
        <thead>
          <tr>
            <th scope="col">{t("list.name")}</th>
            <th scope="col">{t("list.type")}</th>
            <th scope="col">{t("list.calculation")}</th>
            <th scope="col">{t("list.tax")}</th>
            <th scope="col">
              <span className="visually-hidden">{t("list.actions")}</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {fees.map((fee) => (
            <tr key={fee.id}>
              <th scope="row" className="fee-name">
                {fee.name}
              </th>
              <td data-label={t("list.type")}>
                <span className="badge badge-neutral">{t(`feeTypes.${fee.feeType}`)}</span>
              </td>
              <td data-label={t("list.calculation")}>{describe(fee)}</td>
              <td data-label={t("list.tax")}>{tax(fee)}</td>
              <td className="fee-actions">
                <Link
                  to={`?edit=${encodeURIComponent(fee.id)}`}
                  className="button button-secondary button-small"
                  aria-label={t("list.editNamed", { name: fee.name })}
                >
                  {t("list.edit")}
                </Link>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

export default function FeesPage() {
  const { t } = useT("fees");
  const { enterprise, fees, editing } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>() as FormResult;
  const [searchParams] = useSearchParams();
  const base = `/admin/enterprises/${enterprise.id}/fees`;

  if (editing) return <EditFee fee={editing.fee} inUse={editing.inUse} base={base} result={result} />;

  const createFailed = result?.ok === false && result.intent === "create" ? result : undefined;
  const created = fees.find((fee) => fee.id === searchParams.get("created"));
  const updated = fees.find((fee) => fee.id === searchParams.get("updated"));
  const done = created
    ? t("done.created", { name: created.name })
    : updated
      ? t("done.updated", { name: updated.name })
      : searchParams.has("archived")
        ? t("done.archived")
        : null;

  return (
    <>
      <EnterprisePageHeader enterpriseName={enterprise.name} title={t("title")} lead={t("lead")} />
      {done ? (
        <div className="alert alert-success" role="status">
          {done}
        </div>
      ) : null}
      {result?.ok === false && !createFailed ? <ErrorSummary result={result} /> : null}

      <section className="card" aria-label={t("list.caption", { enterprise: enterprise.name })}>
        {fees.length === 0 ? <p className="empty fee-empty">{t("list.empty")}</p> : <FeeTable fees={fees} enterpriseName={enterprise.name} />}
        <details className="fee-add" id="add-fee" open={fees.length === 0 || Boolean(createFailed) || searchParams.has("add")}>
          <summary className="button">{t("add")}</summary>
          <div className="fee-add-body">
            <h2>{t("add")}</h2>
            <FeeForm key={created?.id ?? "new"} result={createFailed} action={base} submitLabel={t("create")} />
          </div>
        </details>
      </section>
    </>
  );
}
