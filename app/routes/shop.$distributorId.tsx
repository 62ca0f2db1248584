// A distributor's shop: pick a cycle by its "ready for", browse products by producer, fill the cart.
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigate, useNavigation, useSearchParams } from "@remix-run/react";
import { useEffect, useRef } from "react";
import { useT } from "#app/i18n/use-t";
import { LazyDetails, withParam } from "#app/ui/lazy-details";
import { DomainError } from "#app/domain/errors";
import { emptyCart, setCartLine } from "#app/domain/shop/cart.server";
import type { ShopProduct } from "#app/domain/shop/catalogue.server";
import { shopPage } from "#app/domain/shop/shop-page.server";
import { readyForText } from "#app/domain/shop/ready-for";
import { cartCookie } from "#app/http/cart-cookie.server";
import { keepShareKey } from "#app/http/share-keys-cookie.server";
import { handleForm } from "#app/http/forms.server";
import { shopBuyer } from "#app/http/shop-buyer.server";
import { resolveLocale } from "#app/i18n/locale.server";
import { ErrorSummary, type FormResult } from "#app/ui/form";
import { CartChanges } from "#app/ui/cart-changes";
import { CartLines } from "#app/ui/cart-lines";
import { CartSheet } from "#app/ui/cart-sheet";
import { Money } from "#app/ui/money";
import { closesFarAhead, timeLeft } from "#app/ui/time-left";
import { pageTitle } from "#app/ui/page-title";
import { formatInstant, formatMoney } from "#app/i18n/format";
import { isProductCategory, productCategories } from "#app/domain/catalogue/categories";
import { ThresholdList } from "#app/ui/threshold-progress";
import { stepDown, stepUp } from "#app/domain/orders/cases";
import { ProductImage } from "#app/ui/product-image";
import { fileStorage } from "#app/storage/files.server";

export const meta: MetaFunction<typeof loader> = ({ data: loaded, matches }) => [{ title: pageTitle(matches, "shop", [loaded?.shop.name]) }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { buyer, owner, givenKey, keptKeys } = await shopBuyer(request, params.distributorId!);
  const url = new URL(request.url);
  const now = new Date();
  const search = (url.searchParams.get("q") ?? "").slice(0, 100);
  const askedCategory = url.searchParams.get("category") ?? "";
  const category = isProductCategory(askedCategory) ? askedCategory : "";
  const page = Math.max(1, Math.min(1000, Number(url.searchParams.get("page") ?? 1) || 1));
  const shown = await shopPage(
    params.distributorId!,
    buyer,
    owner,
    { cycleId: url.searchParams.get("cycle"), search, category, page, linkKey: givenKey },
    now,
  ).catch((error) => {
    if (error instanceof DomainError && error.code === "not_found") throw new Response("Not found", { status: 404 });
    throw error;
  });
  const { openingKeys, ...shownPage } = shown;
  const loaded = {
    ...shownPage,
    page,
    search,
    category,
    cartEmptied: url.searchParams.get("emptied") === "1",
    now: now.toISOString(),
    imageBaseUrl: fileStorage().baseUrl,
  };
  // A share link's key is kept for the cart and checkout once it opened one of this shop's sales;
  // a wrong or replaced one is not, so the page it answers is the page of a shop without that sale.
  if (givenKey && openingKeys.includes(givenKey) && keptKeys[0] !== givenKey)
    return data(loaded, { headers: { "Set-Cookie": await keepShareKey(keptKeys, givenKey) } });
  return loaded;
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { caller, buyer, owner } = await shopBuyer(request, params.distributorId!);
  const locale = await resolveLocale(request, caller?.user.locale);
  const form = await request.formData();
  return handleForm({ request, locale, form }, async () => {
    if (form.get("intent") === "emptyCart") {
      await emptyCart(params.distributorId!, owner);
      throw redirect(shopPageAddress(request));
    }
    const result = await setCartLine(params.distributorId!, owner, buyer, {
      orderCycleId: String(form.get("orderCycleId") ?? ""),
      variantId: String(form.get("variantId") ?? ""),
      quantity: String(form.get("quantity") ?? "0"),
      confirmSwitch: form.get("confirmSwitch") === "yes",
    });
    // Back to the page by GET, carrying a new guest cart's cookie: a browser without JavaScript
    // would otherwise be shown the page as this request saw it, before the cookie existed (an
    // empty cart after the first add), and would post again on reload.
    const headers = new Headers();
    if (result.guestToken) headers.append("Set-Cookie", await cartCookie().serialize(result.guestToken));
    throw redirect(shopPageAddress(request), { headers });
  });
}

/** The shop page a form was posted from, as a browser addresses it (Remix's own parameters left out). */
function shopPageAddress(request: Request) {
  const url = new URL(request.url);
  for (const name of ["index", "_data", "_routes"]) url.searchParams.delete(name);
  const search = url.searchParams.toString();
  return `${url.pathname.replace(/\.data$/, "")}${search ? `?${search}` : ""}`;
}

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
function withoutParam(search: URLSearchParams, name: string) {
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
function ProductDetail({
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

export default function Shop() {
  const { t, i18n } = useT("shop");
  const loaded = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>() as FormResult;
  const [searchParams] = useSearchParams();
  const openBreakdown = searchParams.get("breakdown");
  const openProductId = searchParams.get("product");
  const { shop, cycles, selectedId, cart } = loaded;
  const zone = shop.timeZone;
  const inCart = (variantId: string) =>
    cart && cart.orderCycleId === selectedId ? (cart.lines.find((line) => line.variantId === variantId)?.quantity ?? 0) : 0;
  const switching = Boolean(cart && selectedId && cart.orderCycleId !== selectedId);
  const selected = cycles.find((cycle) => cycle.id === selectedId);
  const itemCount = cart?.lines.reduce((sum, line) => sum + line.quantity, 0) ?? 0;
  const cartCycle = cart ? cycles.find((cycle) => cycle.id === cart.orderCycleId) : undefined;
  // What buyers choose a cycle by: its ready-for text, else its ready-on day, else a plain name.
  const cycleLabel = (cycle: { readyFor: string; readyOn: string | null } | undefined) => readyForText(cycle, i18n.language) || t("shop.untitledCycle");
  const cartReadyFor = cycleLabel(cartCycle);
  const cartStale = loaded.cartStale;
  // A product tapped while the cart belongs to another cycle: the domain asked for confirmation.
  const pendingSwitch =
    result && result.ok === false && result.fieldErrorKeys?.orderCycleId === "switchCycle"
      ? { variantId: String(result.values?.variantId ?? ""), quantity: String(result.values?.quantity ?? "1") }
      : undefined;

  return (
    <main id="main" className="page shop-page">
      <header className="shop-header">
        <h1>{shop.name}</h1>
        {shop.description ? <p className="muted">{shop.description}</p> : null}
        {shop.address || loaded.pickupPoints.length ? (
          <dl className="shop-facts">
            {shop.address ? (
              <div>
                <dt>{t("shop.address")}</dt>
                <dd className="shop-address">{shop.address}</dd>
              </div>
            ) : null}
            {loaded.pickupPoints.length ? (
              <div>
                <dt>{t("shop.pickupPoints")}</dt>
                {loaded.pickupPoints.map((point) => (
                  <dd key={point.id}>
                    <strong>{point.name}</strong>
                    {point.address || point.openingHours ? (
                      <span className="muted"> · {[point.address, point.openingHours].filter(Boolean).join(" · ")}</span>
                    ) : null}
                  </dd>
                ))}
              </div>
            ) : null}
          </dl>
        ) : null}
      </header>

      {cycles.length === 0 ? (
        <section className="card empty" aria-live="polite">
          <h2>{t("shop.closedTitle")}</h2>
          {loaded.nextOpensAt ? <p>{t("shop.nextOpens", { when: formatInstant(loaded.nextOpensAt, zone, i18n.language) })}</p> : null}
          {loaded.lastClosedAt ? <p className="muted">{t("shop.lastClosed", { when: formatInstant(loaded.lastClosedAt, zone, i18n.language) })}</p> : null}
          {!loaded.nextOpensAt && !loaded.lastClosedAt ? <p className="muted">{t("shop.noCycles")}</p> : null}
        </section>
      ) : (
        <section className="ready-for" aria-labelledby="ready-for-heading">
          <h2 id="ready-for-heading">{cycles.length > 1 ? t("shop.chooseReadyFor") : t("shop.readyFor")}</h2>
          <ul className="cycle-choices">
            {cycles.map((cycle) => (
              <li key={cycle.id}>
                <Link
                  to={`?cycle=${cycle.id}`}
                  className={`cycle-choice${cycle.id === selectedId ? " selected" : ""}`}
                  aria-current={cycle.id === selectedId ? "true" : undefined}
                  preventScrollReset
                >
                  <strong>{cycleLabel(cycle)}</strong>
                  <span className="muted">
                    {closesFarAhead(cycle.closesAt, loaded.now)
                      ? t("shop.openNow")
                      : t("shop.closesIn", { when: timeLeft(cycle.closesAt, loaded.now, i18n.language) })}
                  </span>
                </Link>
              </li>
            ))}
          </ul>
        </section>
      )}

      {loaded.placedOrders.length ? (
        <div className="alert alert-success already-ordered" role="status">
          {loaded.placedOrders.map((order) => (
            <p key={order.id}>
              {t("shop.alreadyOrdered", { number: order.number, readyFor: cycleLabel(order) })} <Link to={`/orders/${order.id}`}>{t("shop.seeOrder")}</Link>
            </p>
          ))}
        </div>
      ) : null}
      <CartChanges changes={loaded.cartChanges} />
      {loaded.cartEmptied && !cart ? (
        <div className="alert alert-warning" role="status">
          {t("cartChanges.emptied")}
        </div>
      ) : null}
      {pendingSwitch && selected ? (
        <section className="card switch-confirm" role="alert" aria-labelledby="switch-heading">
          <h2 id="switch-heading">{t("shop.switchConfirmTitle", { readyFor: cycleLabel(selected) })}</h2>
          <p>{t("shop.switchConfirmBody", { readyFor: cartReadyFor })}</p>
          <div className="row form-actions">
            <Form method="post" preventScrollReset>
              <input type="hidden" name="orderCycleId" value={selected.id} />
              <input type="hidden" name="variantId" value={pendingSwitch.variantId} />
              <input type="hidden" name="quantity" value={pendingSwitch.quantity} />
              <input type="hidden" name="confirmSwitch" value="yes" />
              <button type="submit" className="button">
                {t("shop.switchConfirm")}
              </button>
            </Form>
            {cart && !cartStale ? (
              <Link to={`?cycle=${cart.orderCycleId}`} className="button button-secondary">
                {t("shop.switchKeep")}
              </Link>
            ) : null}
          </div>
        </section>
      ) : (
        <ErrorSummary result={result} />
      )}
      {cartStale ? (
        <div className="alert alert-warning row" role="status">
          <span>{t("shop.cartClosed")}</span>
          <Form method="post" preventScrollReset>
            <input type="hidden" name="intent" value="emptyCart" />
            <button type="submit" className="button button-secondary button-small">
              {t("shop.emptyCart")}
            </button>
          </Form>
        </div>
      ) : switching && !pendingSwitch ? (
        <div className="alert alert-warning" role="status">
          {t("shop.switchWarning", { readyFor: cartReadyFor })} {cart ? <Link to={`?cycle=${cart.orderCycleId}`}>{t("shop.backToCart")}</Link> : null}
        </div>
      ) : null}

      {selected?.full ? (
        <div className="alert alert-warning" role="status">
          {t("checkout.cycleFull")}
        </div>
      ) : null}
      {selected ? <ThresholdList thresholds={loaded.thresholds} distributorId={shop.id} cycleId={selected.id} poll /> : null}

      {selected ? (
        <div className="shop-layout">
          <section aria-labelledby="products-heading" className="shop-products">
            <div className="row products-toolbar">
              <h2 id="products-heading">{t("shop.products")}</h2>
              <Form method="get" role="search" className="shop-search">
                <input type="hidden" name="cycle" value={selected.id} />
                <label htmlFor="shop-search" className="visually-hidden">
                  {t("shop.search")}
                </label>
                <input id="shop-search" type="search" name="q" placeholder={t("shop.search")} defaultValue={loaded.search} />
                <label htmlFor="shop-category" className="visually-hidden">
                  {t("shop.category")}
                </label>
                <select id="shop-category" name="category" defaultValue={loaded.category}>
                  <option value="">{t("shop.allCategories")}</option>
                  {productCategories.map((key) => (
                    <option key={key} value={key}>
                      {t(`catalogue:categories.${key}`)}
                    </option>
                  ))}
                </select>
                <button type="submit" className="button button-secondary button-small">
                  {t("common:actions.search")}
                </button>
              </Form>
            </div>
            {loaded.products.length === 0 ? (
              <div className="card empty">{loaded.search || loaded.category ? t("shop.noMatch") : t("shop.noProducts")}</div>
            ) : null}
            {groupBySupplier(loaded.products).map((group) => (
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
                            baseUrl={loaded.imageBaseUrl}
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
                            cycleId={selected.id}
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
            ))}
            {loaded.hasMore || loaded.page > 1 ? (
              <nav className="row pager" aria-label={t("shop.pages")}>
                {loaded.page > 1 ? (
                  <Link
                    className="button button-secondary button-small"
                    to={`?cycle=${selected.id}&q=${encodeURIComponent(loaded.search)}&category=${loaded.category}&page=${loaded.page - 1}`}
                  >
                    {t("shop.previous")}
                  </Link>
                ) : null}
                {loaded.hasMore ? (
                  <Link
                    className="button button-secondary button-small"
                    to={`?cycle=${selected.id}&q=${encodeURIComponent(loaded.search)}&category=${loaded.category}&page=${loaded.page + 1}`}
                  >
                    {t("shop.next")}
                  </Link>
                ) : null}
              </nav>
            ) : null}
          </section>
          {openProductId && loaded.products.some((product) => product.productId === openProductId) ? (
            <ProductDetail
              variants={loaded.products.filter((product) => product.productId === openProductId)}
              imageBaseUrl={loaded.imageBaseUrl}
              closeHref={`${withoutParam(searchParams, "product")}#product-${openProductId}`}
              cycleId={selected.id}
              inCart={inCart}
            />
          ) : null}
          <aside className={`cart-summary${!cart ? " is-empty" : ""}`} aria-labelledby="cart-heading">
            <h2 id="cart-heading" className="cart-heading">
              {t("shop.cart")}
            </h2>
            {!cart ? (
              <p className="muted">{t("shop.cartEmpty")}</p>
            ) : (
              <CartSheet
                summary={
                  <>
                    <span>{t("shop.cartSummary", { count: itemCount })}</span>
                    <strong>
                      <Money cents={cart.totalCents} />
                    </strong>
                  </>
                }
              >
                {switching ? <p className="muted">{cartStale ? t("shop.cartForClosed") : t("shop.cartFor", { readyFor: cartReadyFor })}</p> : null}
                <CartLines cart={cart} className="cart-lines" removableIn={cartStale ? undefined : cart.orderCycleId} />
                <div className="row cart-total">
                  <strong>{t("shop.total")}</strong>
                  <strong>
                    <Money cents={cart.totalCents} />
                  </strong>
                </div>
              </CartSheet>
            )}
            {cart && !cartStale ? (
              <Link to={`/shop/${shop.id}/checkout`} className="button cart-checkout">
                {t("shop.checkout", { count: itemCount })}
              </Link>
            ) : null}
          </aside>
        </div>
      ) : cycles.length > 1 ? (
        <p className="muted">{t("shop.pickFirst")}</p>
      ) : null}
    </main>
  );
}
