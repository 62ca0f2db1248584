// The shop's products as buyers see them: grouped by producer, each product a card with its
// picture and variants, each variant its price, badges, price breakdown and stepper; and one
// product in full over the list. The shop page draws them, and the benchmark's page floor draws the
// same markup from constant data (docs/quality.md P1), so the two cost the same to render.
import { Form, Link, useNavigate, useNavigation } from "@remix-run/react";
import { useEffect, useRef } from "react";
import type { ShopProduct } from "#app/domain/shop/catalogue.server";
import { stepDown, stepUp } from "#app/domain/orders/cases";
import { formatMoney } from "#app/i18n/format";
import { useT } from "#app/i18n/use-t";
import { LazyDetails, withParam } from "./lazy-details";
import { Money } from "./money";
import { ProductImage } from "./product-image";

function groupBySupplier(products: ShopProduct[]) {
  const groups = new Map<string, { supplierName: string; products: Map<string, ShopProduct[]> }>();
  for (const product of products) {
    const group = groups.get(product.supplierId) ?? { supplierName: product.supplierName, products: new Map() };
    group.products.set(product.productId, [...(group.products.get(product.productId) ?? []), product]);
    groups.set(product.supplierId, group);
  }
  return [...groups.values()];
}

function VariantRow({
  variant,
  cycleId,
  inCart,
  breakdownOpen,
  breakdownHref,
}: {
  variant: ShopProduct;
  cycleId: string;
  inCart: number;
  breakdownOpen: boolean;
  breakdownHref: string;
}) {
  const { t, i18n } = useT("shop");
  const navigation = useNavigation();
  const busy = navigation.state !== "idle" && navigation.formData?.get("variantId") === variant.variantId;
  return (
    <li className="variant-row" id={`variant-${variant.variantId}`}>
      <div className="variant-main">
        <span className="variant-name">{variant.variantName}</span>
        <span className="variant-price">
          <Money cents={variant.priceCents} />
        </span>
        {variant.unitPriceCents !== null ? (
          <span className="variant-unit-price muted">{t("shop.perKilogram", { price: formatMoney(variant.unitPriceCents, i18n.language) })}</span>
        ) : null}
        {variant.unitsPerCase > 1 ? <span className="badge badge-case">{t("shop.caseOf", { count: variant.unitsPerCase })}</span> : null}
        {variant.available !== null && variant.unitsPerCase > 1 && variant.available <= 5 * variant.unitsPerCase ? (
          <span className="badge badge-upcoming">{t("shop.fewCasesLeft", { count: variant.available / variant.unitsPerCase })}</span>
        ) : variant.available !== null && variant.available <= 5 ? (
          <span className="badge badge-upcoming">{t("shop.fewLeft", { count: variant.available })}</span>
        ) : null}
        {variant.maxPerBuyer !== null ? <span className="badge badge-neutral">{t("shop.perBuyer", { count: variant.maxPerBuyer })}</span> : null}
      </div>
      {/* Drawn when opened: fifty closed breakdowns were a third of the page's HTML. */}
      <LazyDetails
        className="breakdown"
        initiallyOpen={breakdownOpen}
        summary={t("shop.priceBreakdown")}
        openHref={breakdownHref}
        openLabel={t("shop.showBreakdown")}
      >
        {() => (
          <table>
            <caption className="visually-hidden">{t("shop.priceBreakdown")}</caption>
            <tbody>
              <tr>
                <th scope="row">{t("shop.supplierPrice", { name: variant.supplierName })}</th>
                <td className="num">
                  <Money cents={variant.supplierPriceCents} />
                </td>
              </tr>
              {variant.fees.map((fee, index) => (
                <tr key={index}>
                  <th scope="row">
                    {fee.name}{" "}
                    <span className="muted">
                      · {fee.enterpriseName} · {t(`shop.feeTypes.${fee.feeType}`)}
                    </span>
                  </th>
                  <td className="num">
                    <Money cents={fee.amountCents} />
                  </td>
                </tr>
              ))}
              <tr className="total-row">
                <th scope="row">{t("shop.shopPrice")}</th>
                <td className="num">
                  <Money cents={variant.priceCents} />
                </td>
              </tr>
            </tbody>
          </table>
        )}
      </LazyDetails>
      <Stepper variant={variant} cycleId={cycleId} inCart={inCart} busy={busy} />
    </li>
  );
}

/**
 * "−", the count and "+". Focus stays on the button pressed: a press in flight is ignored rather
 * than disabling the button (which drops focus to the page), and a button that becomes disabled
 * (the last one taken out, the last one in stock) hands focus to the other.
 */
function Stepper({ variant, cycleId, inCart, busy }: { variant: ShopProduct; cycleId: string; inCart: number; busy: boolean }) {
  const { t } = useT("shop");
  const name = `${variant.productName} ${variant.variantName}`;
  const less = useRef<HTMLButtonElement>(null);
  const more = useRef<HTMLButtonElement>(null);
  const pressed = useRef<HTMLButtonElement | null>(null);
  // Sold by the case, "−" and "+" move by a whole case (decision 0056): the form carries the next quantity, so it steps without JavaScript too.
  const byCase = variant.unitsPerCase > 1;
  const fewer = stepDown(inCart, variant.unitsPerCase);
  const next = stepUp(inCart, variant.unitsPerCase);
  const canLess = inCart > 0;
  const canMore = (variant.available === null || next <= variant.available) && (variant.maxPerBuyer === null || next <= variant.maxPerBuyer);
  useEffect(() => {
    const from = pressed.current;
    // The browser may not have moved focus off the disabled button yet, or has dropped it to the page.
    if (!from || !from.disabled || (document.activeElement !== from && document.activeElement !== document.body)) return;
    (from === less.current ? more.current : less.current)?.focus();
  }, [canLess, canMore]);
  const press = (event: React.MouseEvent<HTMLButtonElement>) => {
    if (busy) event.preventDefault();
    pressed.current = event.currentTarget;
  };
  return (
    <Form method="post" className="stepper-form" preventScrollReset>
      <input type="hidden" name="orderCycleId" value={cycleId} />
      <input type="hidden" name="variantId" value={variant.variantId} />
      <button
        ref={less}
        type="submit"
        name="quantity"
        value={fewer}
        className="step-button"
        aria-label={byCase ? t("shop.lessCase", { name, size: variant.unitsPerCase }) : t("shop.less", { name })}
        disabled={!canLess}
        onClick={press}
      >
        −
      </button>
      <span className="step-count" aria-hidden="true">
        {inCart}
      </span>
      <span className="visually-hidden" role="status">
        {t("shop.inCart", { count: inCart, name })}
        {byCase && inCart > 0 ? ` (${t("shop.cases", { count: inCart / variant.unitsPerCase, size: variant.unitsPerCase })})` : ""}
      </span>
      <button
        ref={more}
        type="submit"
        name="quantity"
        value={next}
        className="step-button"
        aria-label={byCase ? t("shop.moreCase", { name, size: variant.unitsPerCase }) : t("shop.more", { name })}
        disabled={!canMore}
        onClick={press}
      >
        +
      </button>
    </Form>
  );
}

/** The address of the page without the detail view's `product` parameter: where closing it goes. */
export function withoutParam(search: URLSearchParams, name: string) {
  const next = new URLSearchParams(search);
  next.delete(name);
  const text = next.toString();
  return text ? `?${text}` : "?";
}

/**
 * One product in full, over the list: its large picture, description and every variant with its
 * price, unit price and stepper. Drawn from the page's own data, so it costs no query; opened by a
 * link (`?product=`), so it works without JavaScript, where it is a modal dialog once hydrated.
 */
export function ProductDetail({
  variants,
  imageBaseUrl,
  closeHref,
  cycleId,
  inCart,
}: {
  variants: ShopProduct[];
  imageBaseUrl: string;
  closeHref: string;
  cycleId: string;
  inCart: (variantId: string) => number;
}) {
  const { t, i18n } = useT("shop");
  const navigate = useNavigate();
  const navigation = useNavigation();
  const dialog = useRef<HTMLDialogElement>(null);
  const product = variants[0];
  useEffect(() => {
    const element = dialog.current;
    if (!element || typeof element.showModal !== "function") return;
    // Rendered open for a page without JavaScript; made modal (focus kept inside, Escape closes) here.
    if (!element.matches(":modal")) {
      element.close();
      element.showModal();
    }
  }, [product.productId]);
  return (
    <dialog
      ref={dialog}
      open
      className="product-dialog"
      aria-labelledby="product-dialog-title"
      onCancel={(event) => {
        event.preventDefault();
        navigate(closeHref, { preventScrollReset: true, replace: true });
      }}
    >
      <div className={`product-dialog-body${product.image ? "" : " without-image"}`}>
        {product.image ? (
          <ProductImage
            image={product.image}
            baseUrl={imageBaseUrl}
            name={product.productName}
            alt={t("shop.photoOf", { name: product.productName })}
            offered={["medium", "large"]}
            fallback="large"
            sizes="(max-width: 700px) 100vw, 560px"
            className="product-dialog-image"
            lazy={false}
          />
        ) : null}
        <div className="product-dialog-text">
          <div className="row product-dialog-top">
            <h2 id="product-dialog-title">{product.productName}</h2>
            <Link to={closeHref} className="button button-secondary button-small" preventScrollReset replace>
              {t("shop.closeProduct")}
            </Link>
          </div>
          <p className="muted">{product.supplierName}</p>
          {product.description ? <p className="product-dialog-description">{product.description}</p> : null}
          <ul className="variant-list">
            {variants.map((variant) => (
              <li key={variant.variantId} className="variant-row">
                <div className="variant-main">
                  <span className="variant-name">{variant.variantName}</span>
                  <span className="variant-price">
                    <Money cents={variant.priceCents} />
                  </span>
                  {variant.unitPriceCents !== null ? (
                    <span className="variant-unit-price muted">{t("shop.perKilogram", { price: formatMoney(variant.unitPriceCents, i18n.language) })}</span>
                  ) : null}
                  {variant.unitsPerCase > 1 ? <span className="badge badge-case">{t("shop.caseOf", { count: variant.unitsPerCase })}</span> : null}
                </div>
                <Stepper
                  variant={variant}
                  cycleId={cycleId}
                  inCart={inCart(variant.variantId)}
                  busy={navigation.state !== "idle" && navigation.formData?.get("variantId") === variant.variantId}
                />
              </li>
            ))}
          </ul>
        </div>
      </div>
    </dialog>
  );
}

/** The page's products by producer, each product a card with its variants. */
export function ProducerGroups({
  products,
  cycleId,
  imageBaseUrl,
  inCart,
  openBreakdown,
  searchParams,
}: {
  products: ShopProduct[];
  cycleId: string;
  imageBaseUrl: string;
  inCart: (variantId: string) => number;
  /** The variant whose price breakdown the address asks open. */
  openBreakdown: string | null;
  searchParams: URLSearchParams;
}) {
  return groupBySupplier(products).map((group) => (
    <section key={group.supplierName} className="producer" aria-label={group.supplierName}>
      <h3 className="producer-name">{group.supplierName}</h3>
      <div className="product-grid">
        {[...group.products.values()].map((variants) => (
          <article key={variants[0].productId} className="product-card" id={`product-${variants[0].productId}`}>
            <div className="product-head">
              {/* The name beside it is the same link: the picture is a larger target, not a second stop for the keyboard. */}
              <Link
                to={withParam(searchParams, "product", variants[0].productId, `product-${variants[0].productId}`)}
                className="product-thumb"
                tabIndex={-1}
                aria-hidden="true"
                preventScrollReset
              >
                <ProductImage
                  image={variants[0].image}
                  baseUrl={imageBaseUrl}
                  name={variants[0].productName}
                  alt=""
                  offered={["small", "medium"]}
                  fallback="small"
                  sizes="88px"
                />
              </Link>
              <div className="product-head-text">
                <h4>
                  <Link
                    to={withParam(searchParams, "product", variants[0].productId, `product-${variants[0].productId}`)}
                    className="product-name-link"
                    preventScrollReset
                  >
                    {variants[0].productName}
                  </Link>
                </h4>
                {variants[0].description ? <p className="muted product-description">{variants[0].description}</p> : null}
              </div>
            </div>
            <ul className="variant-list">
              {variants.map((variant) => (
                <VariantRow
                  key={variant.variantId}
                  variant={variant}
                  cycleId={cycleId}
                  inCart={inCart(variant.variantId)}
                  breakdownOpen={openBreakdown === variant.variantId}
                  breakdownHref={withParam(searchParams, "breakdown", variant.variantId, `variant-${variant.variantId}`)}
                />
              ))}
            </ul>
          </article>
        ))}
      </div>
    </section>
  ));
}
