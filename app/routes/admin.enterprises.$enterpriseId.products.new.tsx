// A new product: name, description, tax rate and its variants (three rows without JavaScript,
// "add another variant" with it).
import { EnterprisePageHeader } from "#app/ui/enterprise";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useEffect, useRef, useState } from "react";
import { CategoryField } from "#app/ui/category-field";
import { useT } from "#app/i18n/use-t";
import { requireUserPage } from "#app/auth/actor.server";
import { createProduct } from "#app/domain/catalogue/commands.server";
import { productFromForm, withFormErrors } from "#app/domain/catalogue/forms";
import { catalogueOwner } from "#app/domain/catalogue/queries.server";
import { MAX_VARIANTS_PER_PRODUCT } from "#app/domain/catalogue/rules";
import { handleForm } from "#app/http/forms.server";
import { formToObject } from "#app/http/form-data";
import { resolveLocale } from "#app/i18n/locale.server";
import { CheckboxField, ErrorSummary, TextAreaField, TextField, keep, type FormResult } from "#app/ui/form";
import { pageTitle } from "#app/ui/page-title";
import { pageError } from "#app/http/pages.server";
import { currencySymbol } from "#app/i18n/format";

export const meta: MetaFunction = ({ matches }) => [{ title: pageTitle(matches, "newProduct") }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const caller = await requireUserPage(request);
  return { enterprise: await catalogueOwner(caller.actor, params.enterpriseId!).catch(pageError) };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const caller = await requireUserPage(request);
  const locale = await resolveLocale(request, caller.user.locale);
  const form = await request.formData();
  return handleForm({ request, locale, form }, async () => {
    const parse = productFromForm(formToObject(form) as Record<string, string>);
    const product = await withFormErrors(parse, () => createProduct(caller.actor, params.enterpriseId!, parse.input));
    throw redirect(`/admin/enterprises/${params.enterpriseId}/products/${product.id}?created=1`);
  });
}

/** The row keys a page starts with: those the user filled before an error, at least three without JavaScript. */
function rowsFrom(result: FormResult, minimum: number): number[] {
  const filled = new Set<number>();
  for (const [name, value] of Object.entries(result?.values ?? {})) {
    const match = /^variants\.(\d{1,3})\./.exec(name);
    if (match && typeof value === "string" && value.trim() !== "") filled.add(Number(match[1]));
  }
  const keys = [...filled].sort((a, b) => a - b);
  let next = (keys[keys.length - 1] ?? -1) + 1;
  while (keys.length < minimum) keys.push(next++);
  return keys;
}

export default function NewProduct() {
  const { t, i18n } = useT("catalogue");
  const { enterprise } = useLoaderData<typeof loader>();
  const currency = currencySymbol(i18n.language);
  const result = useActionData<typeof action>() as FormResult;
  const navigation = useNavigation();
  const base = `/admin/enterprises/${enterprise.id}/products`;
  const [rows, setRows] = useState(() => rowsFrom(result, 3));
  const [enhanced, setEnhanced] = useState(false);
  const focusRow = useRef<number | null>(null);

  // With JavaScript, start from the rows in use and let the manager add more.
  useEffect(() => {
    setRows(rowsFrom(result, 1));
    setEnhanced(true);
  }, [result]);

  useEffect(() => {
    if (focusRow.current === null) return;
    document.querySelector<HTMLInputElement>(`[name="variants.${focusRow.current}.name"]`)?.focus();
    focusRow.current = null;
  }, [rows]);

  const addRow = () => {
    const key = (rows[rows.length - 1] ?? -1) + 1;
    focusRow.current = key;
    setRows([...rows, key]);
  };
  const error = (name: string) => result?.fieldErrors?.[name];

  if (!enterprise.canHaveProducts) {
    return (
      <>
        <EnterprisePageHeader enterpriseName={enterprise.name} back={<Link to={base}>{t("products.title")}</Link>} title={t("new.title")} />
        <div className="card empty">
          <p>
            <strong>{t("products.cannotHave", { name: enterprise.name })}</strong>
          </p>
          <p>{t("products.cannotHaveHint")}</p>
        </div>
      </>
    );
  }

  return (
    <>
      <EnterprisePageHeader enterpriseName={enterprise.name} back={<Link to={base}>{t("products.title")}</Link>} title={t("new.title")} />
      <ErrorSummary result={result} />
      <Form method="post" className="card form product-form" noValidate>
        <TextField label={t("fields.name")} name="name" defaultValue={keep(result, "name")} error={error("name")} required maxLength={200} autoComplete="off" />
        <TextAreaField
          label={t("fields.description")}
          hint={t("fields.descriptionHint")}
          name="description"
          defaultValue={keep(result, "description")}
          error={error("description")}
          maxLength={5000}
          rows={3}
        />
        <div className="form-row tax-row">
          <TextField
            label={t("fields.taxRate")}
            hint={t("fields.taxRateHint")}
            name="taxRate"
            inputMode="decimal"
            defaultValue={keep(result, "taxRate")}
            error={error("taxRate")}
            autoComplete="off"
          />
          <CategoryField defaultValue={keep(result, "category")} error={error("category")} />
        </div>

        <fieldset className="variant-entries">
          <legend>{t("fields.variants")}</legend>
          <p className="hint">{t("fields.variantsHint")}</p>
          {error("variants") ? <div className="field-error">{error("variants")}</div> : null}
          {rows.map((key, position) => (
            <div key={key} className="variant-entry" role="group" aria-label={t("fields.variantNumber", { number: position + 1 })}>
              <div className="variant-entry-head">
                <span className="label">{t("fields.variantNumber", { number: position + 1 })}</span>
                {enhanced && rows.length > 1 ? (
                  <button type="button" className="link-button" onClick={() => setRows(rows.filter((row) => row !== key))}>
                    {t("fields.removeVariant")}
                  </button>
                ) : null}
              </div>
              <div className="variant-fields">
                <TextField
                  label={t("fields.variantName")}
                  hint={position === 0 ? t("fields.variantNameHint") : undefined}
                  name={`variants.${key}.name`}
                  defaultValue={keep(result, `variants.${key}.name`)}
                  error={error(`variants.${key}.name`)}
                  maxLength={120}
                  autoComplete="off"
                />
                <TextField
                  label={t("fields.price", { currency })}
                  name={`variants.${key}.price`}
                  inputMode="decimal"
                  placeholder={i18n.language === "fr" ? "4,50" : "4.50"}
                  defaultValue={keep(result, `variants.${key}.price`)}
                  error={error(`variants.${key}.price`)}
                  autoComplete="off"
                />
                <TextField
                  label={t("fields.stock")}
                  hint={t("fields.stockHint")}
                  name={`variants.${key}.stock`}
                  inputMode="numeric"
                  placeholder={t("products.unlimited")}
                  defaultValue={keep(result, `variants.${key}.stock`)}
                  error={error(`variants.${key}.stock`)}
                  autoComplete="off"
                />
                <TextField
                  label={t("fields.weight")}
                  name={`variants.${key}.weight`}
                  inputMode="numeric"
                  defaultValue={keep(result, `variants.${key}.weight`)}
                  error={error(`variants.${key}.weight`)}
                  autoComplete="off"
                />
                <CheckboxField
                  label={t("fields.soldByWeight")}
                  hint={t("fields.soldByWeightHint")}
                  name={`variants.${key}.soldByWeight`}
                  defaultChecked={keep(result, `variants.${key}.soldByWeight`) === "on"}
                />
              </div>
            </div>
          ))}
          {!enhanced ? <p className="hint">{t("fields.blankRowsHint")}</p> : null}
          {enhanced && rows.length < MAX_VARIANTS_PER_PRODUCT ? (
            <div>
              <button type="button" className="button button-secondary button-small" onClick={addRow}>
                {t("fields.addVariant")}
              </button>
            </div>
          ) : null}
        </fieldset>

        <div className="form-actions">
          <button type="submit" className="button" disabled={navigation.state === "submitting"}>
            {t("new.create")}
          </button>
          <Link to={base} className="button button-quiet">
            {t("common:actions.cancel")}
          </Link>
        </div>
      </Form>
    </>
  );
}
