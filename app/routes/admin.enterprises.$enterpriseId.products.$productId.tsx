// One product: rename it, describe it, set its tax rate, give it an image; edit, add and archive its variants; archive it.
import { EnterprisePageHeader } from "#app/ui/enterprise";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation, useSearchParams } from "@remix-run/react";
import { CategoryField } from "#app/ui/category-field";
import { useT } from "#app/i18n/use-t";
import { requireUserPage } from "#app/auth/actor.server";
import { addVariant, archiveProduct, archiveVariant, updateProduct, updateVariants } from "#app/domain/catalogue/commands.server";
import {
  cellText,
  newVariantFromForm,
  productDetailsFromForm,
  taxRateToInput,
  variantEditsFromForm,
  withFormErrors,
  type EditablePart,
} from "#app/domain/catalogue/forms";
import { productEditorData } from "#app/domain/catalogue/queries.server";
import { DomainError } from "#app/domain/errors";
import { handleForm } from "#app/http/forms.server";
import { formToObject } from "#app/http/form-data";
import { resolveLocale } from "#app/i18n/locale.server";
import { CheckboxField, ErrorSummary, TextAreaField, TextField, keep, type FormResult } from "#app/ui/form";
import { pageTitle } from "#app/ui/page-title";
import { pageError } from "#app/http/pages.server";
import { currencySymbol } from "#app/i18n/format";
import { removeProductImage, setProductImage } from "#app/domain/catalogue/images.server";
import { MAX_IMAGE_BYTES, ACCEPTED_IMAGE_TYPES } from "#app/domain/catalogue/images";
import { readImageForm } from "#app/http/uploads.server";
import { fileStorage } from "#app/storage/files.server";
import { ProductImage } from "#app/ui/product-image";
import { useState } from "react";

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => [{ title: pageTitle(matches, "product", [data?.product.name]) }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const caller = await requireUserPage(request);
  const data = await productEditorData(caller.actor, params.enterpriseId!, params.productId!).catch(pageError);
  return { ...data, imageBaseUrl: fileStorage().baseUrl };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const caller = await requireUserPage(request);
  const locale = await resolveLocale(request, caller.user.locale);
  const productId = params.productId!;
  // The image form is the page's only multipart one: its file is read within its limit, not buffered whole.
  if ((request.headers.get("Content-Type") ?? "").startsWith("multipart/form-data")) {
    const sent = new FormData();
    sent.set("intent", "image");
    return handleForm({ request, locale, form: sent }, async () => {
      const { bytes } = await readImageForm(request);
      await setProductImage(caller.actor, productId, async () => bytes);
      return { ok: true as const, intent: "image" };
    });
  }
  const form = await request.formData();
  const fields = formToObject(form) as Record<string, string>;
  const intent = fields.intent;
  return handleForm({ request, locale, form }, async () => {
    switch (intent) {
      case "details": {
        const parse = productDetailsFromForm(fields);
        await withFormErrors(parse, () => updateProduct(caller.actor, productId, parse.input));
        return { ok: true as const, intent };
      }
      case "variants": {
        const parse = variantEditsFromForm(fields);
        const { saved } = await withFormErrors(parse, () => updateVariants(caller.actor, params.enterpriseId!, parse.input));
        return { ok: true as const, intent, saved };
      }
      case "addVariant": {
        const parse = newVariantFromForm(fields);
        await withFormErrors(parse, () => addVariant(caller.actor, productId, parse.input));
        return { ok: true as const, intent };
      }
      case "removeImage":
        await removeProductImage(caller.actor, productId);
        return { ok: true as const, intent };
      case "archiveVariant":
        await archiveVariant(caller.actor, fields.variantId ?? "");
        return { ok: true as const, intent };
      case "archiveProduct":
        await archiveProduct(caller.actor, productId);
        throw redirect(`/admin/enterprises/${params.enterpriseId}/products?archived=1`);
      default:
        throw new DomainError("malformed");
    }
  });
}

const tableParts: EditablePart[] = ["name", "price", "stock", "weight", "unitsPerCase"];

export default function ProductEditor() {
  const { t, i18n } = useT("catalogue");
  const { enterprise, product, imageBaseUrl } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>() as (FormResult & { saved?: number }) | undefined;
  const navigation = useNavigation();
  const [searchParams] = useSearchParams();
  const base = `/admin/enterprises/${enterprise.id}/products`;
  const currency = currencySymbol(i18n.language);
  const busy = navigation.state === "submitting";
  const resultFor = (intent: string) => (result?.intent === intent || result?.values?.intent === intent ? result : undefined);
  const details = resultFor("details");
  const table = resultFor("variants");
  const adding = resultFor("addVariant");
  const archivingVariant = resultFor("archiveVariant");
  const imaging = resultFor("image");
  const canArchiveVariants = product.variants.length > 1;

  return (
    <>
      <EnterprisePageHeader enterpriseName={enterprise.name} back={<Link to={base}>{t("products.title")}</Link>} title={product.name} />
      {searchParams.get("created") && !result ? (
        <div className="alert alert-success" role="status">
          {t("edit.created")} <Link to={`${base}/new`}>{t("edit.addAnother")}</Link>
        </div>
      ) : null}
      {result?.ok === true ? (
        <div className="alert alert-success" role="status">
          {result.intent === "variants"
            ? result.saved
              ? t("products.saved", { count: result.saved })
              : t("products.nothingToSave")
            : result.intent === "addVariant"
              ? t("edit.variantAdded")
              : result.intent === "archiveVariant"
                ? t("edit.variantArchived")
                : result.intent === "image"
                  ? t("image.saved")
                  : result.intent === "removeImage"
                    ? t("image.removed")
                    : t("edit.saved")}
        </div>
      ) : null}
      <ErrorSummary result={result} />

      <section className="card" aria-labelledby="details-heading">
        <h2 id="details-heading">{t("edit.details")}</h2>
        <Form method="post" className="form" noValidate>
          <input type="hidden" name="intent" value="details" />
          <TextField
            label={t("fields.name")}
            name="name"
            defaultValue={keep(details, "name", product.name)}
            error={details?.fieldErrors?.name}
            required
            maxLength={200}
            autoComplete="off"
          />
          <TextAreaField
            label={t("fields.description")}
            hint={t("fields.descriptionHint")}
            name="description"
            defaultValue={keep(details, "description", product.description)}
            error={details?.fieldErrors?.description}
            maxLength={5000}
            rows={3}
          />
          <div className="form-row tax-row">
            <TextField
              label={t("fields.taxRate")}
              hint={t("fields.taxRateHint")}
              name="taxRate"
              inputMode="decimal"
              defaultValue={keep(details, "taxRate", taxRateToInput(product.taxRateBasisPoints, i18n.language))}
              error={details?.fieldErrors?.taxRate}
              autoComplete="off"
            />
          </div>
          <CategoryField defaultValue={keep(details, "category", product.category ?? "")} error={details?.fieldErrors?.category} />
          <div className="form-actions">
            <button type="submit" className="button" disabled={busy}>
              {t("edit.saveDetails")}
            </button>
          </div>
        </Form>
      </section>

      <ImageSection
        product={product}
        imageBaseUrl={imageBaseUrl}
        error={imaging?.fieldErrors?.image}
        busy={busy}
        formKey={result?.ok && result.intent === "image" ? (product.image?.id ?? "none") : "image"}
      />

      <section className="card" aria-labelledby="variants-heading">
        <h2 id="variants-heading">{t("fields.variants")}</h2>
        <p className="hint">{t("edit.variantsHint")}</p>
        {archivingVariant?.fieldErrors?.variant ? (
          <div className="alert alert-error" role="alert">
            {archivingVariant.fieldErrors.variant}
          </div>
        ) : null}
        <Form method="post" noValidate>
          <input type="hidden" name="intent" value="variants" />
          <div className="table-wrap">
            <table className="variant-table">
              <caption className="visually-hidden">{t("edit.variantsCaption", { name: product.name })}</caption>
              <thead>
                <tr>
                  <th scope="col">{t("fields.variantName")}</th>
                  <th scope="col" className="num">
                    {t("fields.price", { currency })}
                  </th>
                  <th scope="col" className="num">
                    {t("fields.stock")}
                  </th>
                  <th scope="col" className="num">
                    {t("fields.weight")}
                  </th>
                  <th scope="col" className="num">
                    {t("fields.unitsPerCase")}
                  </th>
                  <th scope="col">
                    <span className="visually-hidden">{t("edit.actions")}</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {product.variants.map((variant) => {
                  const values: Record<EditablePart, string | number | null> = {
                    name: variant.name,
                    price: variant.priceCents,
                    stock: variant.stock,
                    weight: variant.weightGrams,
                    unitsPerCase: variant.unitsPerCase,
                  };
                  const labels: Record<EditablePart, string> = {
                    name: t("edit.nameOf", { name: variant.name }),
                    price: t("products.priceOf", { name: variant.name }),
                    stock: t("products.stockOf", { name: variant.name }),
                    weight: t("edit.weightOf", { name: variant.name }),
                    unitsPerCase: t("edit.unitsPerCaseOf", { name: variant.name }),
                  };
                  return (
                    <tr key={variant.id}>
                      {tableParts.map((part) => {
                        const name = `${part}.${variant.id}`;
                        const error = table?.fieldErrors?.[name];
                        return (
                          <td
                            key={part}
                            className={part === "name" ? "variant-name-cell" : "num"}
                            data-label={t(`fields.${part === "name" ? "variantName" : part}`, { currency })}
                          >
                            <input
                              type="hidden"
                              name={`${part}Was.${variant.id}`}
                              value={keep(table, `${part}Was.${variant.id}`, cellText(part, values[part], i18n.language))}
                            />
                            <input
                              type="text"
                              name={name}
                              defaultValue={keep(table, name, cellText(part, values[part], i18n.language))}
                              inputMode={part === "price" ? "decimal" : part === "name" ? undefined : "numeric"}
                              placeholder={part === "stock" ? t("products.unlimited") : part === "unitsPerCase" ? "1" : undefined}
                              aria-label={labels[part]}
                              aria-invalid={error ? true : undefined}
                              aria-describedby={error ? `${name}-error` : undefined}
                              autoComplete="off"
                            />
                            {error ? (
                              <div id={`${name}-error`} className="field-error">
                                {error}
                              </div>
                            ) : null}
                          </td>
                        );
                      })}
                      <td className="num">
                        {canArchiveVariants ? (
                          <details className="danger-details inline-confirm">
                            <summary className="button button-danger button-small">{t("edit.archive")}</summary>
                            <div className="alert alert-error">
                              <p>{t("edit.archiveVariantConfirm", { name: variant.name })}</p>
                              <button type="submit" form="archive-variant" name="variantId" value={variant.id} className="button button-danger button-small">
                                {t("edit.archiveVariant")}
                              </button>
                            </div>
                          </details>
                        ) : null}
                      </td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </div>
          {!canArchiveVariants ? <p className="hint">{t("edit.lastVariantHint")}</p> : null}
          <div className="form-actions table-actions">
            <button type="submit" className="button" disabled={busy}>
              {t("edit.saveVariants")}
            </button>
          </div>
        </Form>
        <Form method="post" id="archive-variant">
          <input type="hidden" name="intent" value="archiveVariant" />
        </Form>
      </section>

      <section className="card" aria-labelledby="add-variant-heading">
        <h2 id="add-variant-heading">{t("edit.addVariant")}</h2>
        <Form method="post" className="form" noValidate key={result?.ok && result.intent === "addVariant" ? product.variants.length : "add"}>
          <input type="hidden" name="intent" value="addVariant" />
          <div className="variant-fields">
            <TextField
              label={t("fields.variantName")}
              hint={t("fields.variantNameHint")}
              name="name"
              defaultValue={keep(adding, "name")}
              error={adding?.fieldErrors?.name}
              maxLength={120}
              autoComplete="off"
            />
            <TextField
              label={t("fields.price", { currency })}
              name="price"
              inputMode="decimal"
              placeholder={i18n.language === "fr" ? "4,50" : "4.50"}
              defaultValue={keep(adding, "price")}
              error={adding?.fieldErrors?.price}
              autoComplete="off"
            />
            <TextField
              label={t("fields.stock")}
              hint={t("fields.stockHint")}
              name="stock"
              inputMode="numeric"
              placeholder={t("products.unlimited")}
              defaultValue={keep(adding, "stock")}
              error={adding?.fieldErrors?.stock}
              autoComplete="off"
            />
            <TextField
              label={t("fields.weight")}
              name="weight"
              inputMode="numeric"
              defaultValue={keep(adding, "weight")}
              error={adding?.fieldErrors?.weight}
              autoComplete="off"
            />
            <TextField
              label={t("fields.unitsPerCase")}
              hint={t("fields.unitsPerCaseHint")}
              name="unitsPerCase"
              inputMode="numeric"
              placeholder="1"
              defaultValue={keep(adding, "unitsPerCase")}
              error={adding?.fieldErrors?.unitsPerCase}
              autoComplete="off"
            />
            <CheckboxField
              label={t("fields.soldByWeight")}
              hint={t("fields.soldByWeightHint")}
              name="soldByWeight"
              defaultChecked={keep(adding, "soldByWeight") === "on"}
            />
          </div>
          <div className="form-actions">
            <button type="submit" className="button button-secondary" disabled={busy}>
              {t("edit.addVariantButton")}
            </button>
          </div>
        </Form>
      </section>

      <section className="card danger-zone" aria-labelledby="archive-heading">
        <h2 id="archive-heading">{t("edit.archiveProductHeading")}</h2>
        <p className="muted">{t("edit.archiveProductHint")}</p>
        <details className="danger-details">
          <summary className="button button-danger button-small">{t("edit.archiveProduct")}</summary>
          <Form method="post" className="alert alert-error">
            <input type="hidden" name="intent" value="archiveProduct" />
            <p>{t("edit.archiveProductConfirm", { name: product.name })}</p>
            <button type="submit" className="button button-danger">
              {t("edit.archiveProduct")}
            </button>
          </Form>
        </details>
      </section>
    </>
  );
}

/**
 * The product's image: the current one (or a placeholder), a file input to send a new one and a
 * button to remove it. With JavaScript, a file over the limit is refused before it is sent.
 */
function ImageSection({
  product,
  imageBaseUrl,
  error,
  busy,
  formKey,
}: {
  product: { name: string; image: { id: string; hash: string; width: number; height: number } | null };
  imageBaseUrl: string;
  error?: string;
  busy: boolean;
  formKey: string;
}) {
  const { t } = useT("catalogue");
  const [tooLarge, setTooLarge] = useState(false);
  const shownError = tooLarge ? t("image.tooLarge", { max: MAX_IMAGE_BYTES / 1024 / 1024 }) : error;
  return (
    <section className="card" aria-labelledby="image-heading">
      <h2 id="image-heading">{t("image.heading")}</h2>
      <div className="product-image-editor">
        <div className="product-image-current">
          {product.image ? (
            <ProductImage
              image={product.image}
              baseUrl={imageBaseUrl}
              name={product.name}
              alt={t("image.current", { name: product.name })}
              offered={["small", "medium"]}
              fallback="medium"
              sizes="200px"
              lazy={false}
            />
          ) : (
            <p className="muted">{t("image.none")}</p>
          )}
        </div>
        <div className="stack">
          <Form
            key={formKey}
            method="post"
            encType="multipart/form-data"
            className="form"
            noValidate
            onSubmit={(event) => {
              const input = event.currentTarget.elements.namedItem("image") as HTMLInputElement | null;
              const file = input?.files?.[0];
              const over = Boolean(file && file.size > MAX_IMAGE_BYTES);
              setTooLarge(over);
              if (over) {
                event.preventDefault();
                input?.focus();
              }
            }}
          >
            <div className="field">
              <label htmlFor="product-image">{product.image ? t("image.replaceLabel") : t("image.label")}</label>
              <input
                id="product-image"
                type="file"
                name="image"
                accept={ACCEPTED_IMAGE_TYPES.join(",")}
                required
                aria-describedby={`product-image-hint${shownError ? " product-image-error" : ""}`}
                aria-invalid={shownError ? true : undefined}
                onChange={() => setTooLarge(false)}
              />
              <div id="product-image-hint" className="hint">
                {t("image.hint", { max: MAX_IMAGE_BYTES / 1024 / 1024 })}
              </div>
              {shownError ? (
                <div id="product-image-error" className="field-error" role="alert">
                  {shownError}
                </div>
              ) : null}
            </div>
            <div className="form-actions">
              <button type="submit" className="button" disabled={busy}>
                {t("image.upload")}
              </button>
            </div>
          </Form>
          {product.image ? (
            <Form method="post">
              <input type="hidden" name="intent" value="removeImage" />
              <button type="submit" className="button button-secondary button-small" disabled={busy}>
                {t("image.remove")}
              </button>
            </Form>
          ) : null}
        </div>
      </div>
    </section>
  );
}
