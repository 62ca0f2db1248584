// The products of an enterprise: prices and stock edited inline in one table and saved in one
// submit (a plain form without JavaScript; changed rows highlighted and counted with it).
import { EnterprisePageHeader } from "#app/ui/enterprise";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation, useSearchParams } from "@remix-run/react";
import { useCallback, useEffect, useRef, useState } from "react";
import { useT } from "#app/i18n/use-t";
import { requireUserPage } from "#app/auth/actor.server";
import { updateVariants } from "#app/domain/catalogue/commands.server";
import { cellText, isCellChanged, variantEditsFromForm, withFormErrors } from "#app/domain/catalogue/forms";
import { productsPage } from "#app/domain/catalogue/queries.server";
import { DomainError } from "#app/domain/errors";
import { mayImport } from "#app/domain/access/owned.server";
import { handleForm } from "#app/http/forms.server";
import { formToObject } from "#app/http/form-data";
import { resolveLocale } from "#app/i18n/locale.server";
import { ErrorSummary, keep, type FormResult } from "#app/ui/form";
import { pageTitle } from "#app/ui/page-title";
import { pageError } from "#app/http/pages.server";
import { currencySymbol, formatWeight } from "#app/i18n/format";

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => [{ title: pageTitle(matches, "products", [data?.enterprise.name]) }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const caller = await requireUserPage(request);
  const query = new URL(request.url).searchParams;
  const search = query.get("q")?.trim() ?? "";
  const cursor = query.get("cursor");
  const page = await productsPage(caller.actor, params.enterpriseId!, { search, cursor }).catch((error) => {
    // A cursor we did not make (an old bookmark) shows the first page rather than an error.
    if (error instanceof DomainError && error.code === "validation_failed") {
      return productsPage(caller.actor, params.enterpriseId!, { search }).catch(pageError);
    }
    return pageError(error);
  });
  const canImport = await mayImport(caller.actor, params.enterpriseId!, "products");
  return { ...page, search, isFirstPage: !cursor, canImport };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const caller = await requireUserPage(request);
  const locale = await resolveLocale(request, caller.user.locale);
  const form = await request.formData();
  return handleForm({ request, locale, form }, async () => {
    const parse = variantEditsFromForm(formToObject(form) as Record<string, string>);
    const { saved } = await withFormErrors(parse, () => updateVariants(caller.actor, params.enterpriseId!, parse.input));
    return { ok: true as const, saved };
  });
}

const inlineParts = ["price", "stock"] as const;

export default function ProductsPage() {
  const { t, i18n } = useT("catalogue");
  const { enterprise, items, nextCursor, search, isFirstPage, canImport } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>() as (FormResult & { saved?: number }) | undefined;
  const navigation = useNavigation();
  const [searchParams] = useSearchParams();
  const formRef = useRef<HTMLFormElement>(null);
  const [changed, setChanged] = useState<ReadonlySet<string>>(new Set());
  const failed = result?.ok === false;
  const currency = currencySymbol(i18n.language);
  const base = `/admin/enterprises/${enterprise.id}/products`;
  const saving = navigation.state === "submitting" && navigation.formMethod?.toUpperCase() === "POST";

  // Which rows differ from what the page showed, read from the form itself (inputs stay uncontrolled).
  const recount = useCallback(() => {
    const form = formRef.current;
    if (!form) return;
    const next = new Set<string>();
    for (const row of form.querySelectorAll<HTMLTableRowElement>("tr[data-variant-id]")) {
      const id = row.dataset.variantId!;
      for (const part of inlineParts) {
        const typed = form.elements.namedItem(`${part}.${id}`) as HTMLInputElement | null;
        const shown = form.elements.namedItem(`${part}Was.${id}`) as HTMLInputElement | null;
        if (typed && shown && isCellChanged(part, typed.value, shown.value)) next.add(id);
      }
    }
    setChanged(next);
  }, []);
  useEffect(recount, [recount, items, result]);

  useEffect(() => {
    if (changed.size === 0) return;
    const warn = (event: BeforeUnloadEvent) => event.preventDefault();
    window.addEventListener("beforeunload", warn);
    return () => window.removeEventListener("beforeunload", warn);
  }, [changed]);

  const nextHref = nextCursor ? `${base}?${new URLSearchParams({ ...(search ? { q: search } : {}), cursor: nextCursor })}` : null;
  const firstHref = search ? `${base}?${new URLSearchParams({ q: search })}` : base;

  return (
    <>
      <EnterprisePageHeader
        enterpriseName={enterprise.name}
        title={t("products.title")}
        action={
          enterprise.canHaveProducts ? (
            <div className="row">
              {canImport ? (
                <Link to={`${base}/import`} className="button button-secondary">
                  {t("imports.action")}
                </Link>
              ) : null}
              <Link to={`${base}/new`} className="button">
                {t("products.add")}
              </Link>
            </div>
          ) : undefined
        }
      />

      {searchParams.get("archived") && !result ? (
        <div className="alert alert-success" role="status">
          {t("products.archived")}
        </div>
      ) : null}
      {!enterprise.canHaveProducts && items.length === 0 && !search && isFirstPage ? (
        <div className="card empty">
          <p>
            <strong>{t("products.cannotHave", { name: enterprise.name })}</strong>
          </p>
          <p>{t("products.cannotHaveHint")}</p>
        </div>
      ) : items.length === 0 && !search && isFirstPage ? (
        <div className="card empty">
          <p>
            <strong>{t("products.empty")}</strong>
          </p>
          <p>{t("products.emptyHint")}</p>
          <Link to={`${base}/new`} className="button">
            {t("products.add")}
          </Link>
        </div>
      ) : (
        <>
          <Form method="get" className="search-bar product-search" role="search">
            <label htmlFor="product-search">{t("products.search")}</label>
            <div className="row">
              <input id="product-search" type="search" name="q" defaultValue={search} />
              <button type="submit" className="button button-secondary">
                {t("common:actions.search")}
              </button>
              {search ? (
                <Link to={base} className="button button-quiet">
                  {t("products.clearSearch")}
                </Link>
              ) : null}
            </div>
          </Form>

          {result?.ok === true ? (
            <div className="alert alert-success" role="status">
              {result.saved ? t("products.saved", { count: result.saved }) : t("products.nothingToSave")}
            </div>
          ) : null}
          <ErrorSummary result={result} />

          {items.length === 0 ? (
            <div className="card empty">
              <p>{t("products.noMatch", { search })}</p>
            </div>
          ) : (
            <Form method="post" ref={formRef} onInput={recount} onChange={recount} noValidate>
              <p className="hint">{t("products.inlineHint")}</p>
              <div className="table-wrap">
                <table className="product-table">
                  <caption className="visually-hidden">{t("products.caption", { name: enterprise.name })}</caption>
                  <thead>
                    <tr>
                      <th scope="col">{t("products.columns.product")}</th>
                      <th scope="col">{t("products.columns.variant")}</th>
                      <th scope="col" className="num">
                        {t("products.columns.price", { currency })}
                      </th>
                      <th scope="col" className="num">
                        {t("products.columns.stock")}
                      </th>
                      <th scope="col" className="num">
                        {t("products.columns.weight")}
                      </th>
                    </tr>
                  </thead>
                  {items.map((product) => (
                    <tbody key={product.id}>
                      {product.variants.length === 0 ? (
                        <tr>
                          <th scope="row" className="product-cell">
                            <Link to={`${base}/${product.id}`}>{product.name}</Link>
                          </th>
                          <td colSpan={4} className="muted">
                            {t("products.noVariants")}
                          </td>
                        </tr>
                      ) : null}
                      {product.variants.map((variant, index) => {
                        const label = `${product.name}, ${variant.name}`;
                        const cell = (part: (typeof inlineParts)[number], value: number | null) => {
                          const name = `${part}.${variant.id}`;
                          const error = failed ? result?.fieldErrors?.[name] : undefined;
                          const shown = keep(result, `${part}Was.${variant.id}`, cellText(part, value, i18n.language));
                          return (
                            <>
                              <input type="hidden" name={`${part}Was.${variant.id}`} value={shown} />
                              <input
                                type="text"
                                name={name}
                                inputMode={part === "price" ? "decimal" : "numeric"}
                                defaultValue={keep(result, name, cellText(part, value, i18n.language))}
                                placeholder={part === "stock" ? t("products.unlimited") : undefined}
                                aria-label={t(part === "price" ? "products.priceOf" : "products.stockOf", { name: label })}
                                aria-invalid={error ? true : undefined}
                                aria-describedby={error ? `${name}-error` : undefined}
                                autoComplete="off"
                              />
                              {error ? (
                                <div id={`${name}-error`} className="field-error">
                                  {error}
                                </div>
                              ) : null}
                            </>
                          );
                        };
                        return (
                          <tr key={variant.id} data-variant-id={variant.id} className={changed.has(variant.id) ? "is-changed" : undefined}>
                            {index === 0 ? (
                              <th scope="rowgroup" rowSpan={product.variants.length} className="product-cell">
                                <Link to={`${base}/${product.id}`}>{product.name}</Link>
                              </th>
                            ) : null}
                            <td className="variant-cell">
                              {variant.name}
                              {changed.has(variant.id) ? <span className="visually-hidden"> ({t("products.changed")})</span> : null}
                            </td>
                            <td className="num price-cell" data-label={t("products.columns.price", { currency })}>
                              {cell("price", variant.priceCents)}
                            </td>
                            <td className="num stock-cell" data-label={t("products.columns.stock")}>
                              {cell("stock", variant.stock)}
                            </td>
                            <td className="num weight-cell" data-label={t("products.columns.weight")}>
                              {variant.weightGrams === null ? <span className="muted">—</span> : formatWeight(variant.weightGrams, i18n.language)}
                            </td>
                          </tr>
                        );
                      })}
                    </tbody>
                  ))}
                </table>
              </div>
              <div className={`save-bar${changed.size > 0 ? " has-changes" : ""}`}>
                <span aria-live="polite">
                  {changed.size > 0 ? (
                    <strong>{t("products.unsaved", { count: changed.size })}</strong>
                  ) : (
                    <span className="muted">{t("products.saveHint")}</span>
                  )}
                </span>
                <button type="submit" className="button" disabled={saving}>
                  {t("products.saveChanges")}
                </button>
              </div>
            </Form>
          )}

          {nextHref || !isFirstPage ? (
            <nav className="catalogue-pager" aria-label={t("products.pages")}>
              {!isFirstPage ? (
                <Link to={firstHref} className="button button-secondary button-small">
                  {t("products.firstPage")}
                </Link>
              ) : null}
              {nextHref ? (
                <Link to={nextHref} className="button button-secondary button-small">
                  {t("products.nextPage")}
                </Link>
              ) : null}
            </nav>
          ) : null}
        </>
      )}
    </>
  );
}
