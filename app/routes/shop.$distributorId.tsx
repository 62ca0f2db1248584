// A distributor's shop: pick a cycle by its "ready for", browse products by producer, fill the cart.
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { useT } from "#app/i18n/use-t";
import { DomainError } from "#app/domain/errors";
import { emptyCart, setCartLine } from "#app/domain/shop/cart.server";
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
import { formatInstant } from "#app/i18n/format";
import { isProductCategory, productCategories } from "#app/domain/catalogue/categories";
import { ThresholdList } from "#app/ui/threshold-progress";
import { ProducerGroups, ProductDetail, withoutParam } from "#app/ui/shop-products";
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
    // What "closes in …" counts from, to the second: a visitor's page rendered from the same data is
    // sent again (app/http/rendered-pages.server), which a clock to the millisecond would never allow.
    now: new Date(Math.floor(now.getTime() / 1000) * 1000).toISOString(),
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
            <ProducerGroups
              products={loaded.products}
              cycleId={selected.id}
              imageBaseUrl={loaded.imageBaseUrl}
              inCart={inCart}
              openBreakdown={openBreakdown}
              searchParams={searchParams}
            />
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
