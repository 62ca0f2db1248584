// The landing page: what Circuit is, and the way in.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { Link, useLoaderData, useRouteLoaderData } from "@remix-run/react";
import { useT } from "#app/i18n/use-t";
import { openShops } from "#app/domain/shop/directory.server";
import type { RootData } from "#app/root";
import { timeLeft } from "#app/ui/time-left";

export async function loader(_: LoaderFunctionArgs) {
  const now = new Date();
  const shops = await openShops(now);
  return { now: now.toISOString(), shops: shops.map((shop) => ({ ...shop, closesAt: shop.closesAt.toISOString() })) };
}

export default function Home() {
  const { t, i18n } = useT();
  const { shops, now } = useLoaderData<typeof loader>();
  const root = useRouteLoaderData("root") as RootData | undefined;
  return (
    <main id="main" className="page">
      <section className="card" style={{ padding: "48px 32px" }}>
        <p className="muted">{t("tagline")}</p>
        <h1>{t("home.title")}</h1>
        <p style={{ maxWidth: 640 }}>{t("home.lead")}</p>
        <div className="form-actions">
          {root?.user ? (
            root.isManager ? (
              <Link to="/admin" className="button">{t("home.goToAdmin")}</Link>
            ) : (
              <Link to="/account" className="button">{t("home.goToOrders")}</Link>
            )
          ) : (
            <>
              <Link to="/signup" className="button">{t("home.getStarted")}</Link>
              <Link to="/login" className="button button-secondary">{t("nav.login")}</Link>
            </>
          )}
        </div>
      </section>
      {shops.length ? (
        <section className="open-shops" aria-labelledby="open-shops-title">
          <h2 id="open-shops-title">{t("home.openShops")}</h2>
          <ul className="shop-cards">
            {shops.map((shop) => (
              <li key={shop.id}>
                <Link to={`/shop/${shop.id}`} className="shop-card">
                  <strong>{shop.name}</strong>
                  {shop.description ? <span className="muted">{shop.description}</span> : null}
                  <span className="shop-card-closes">{t("home.closesIn", { when: timeLeft(shop.closesAt, now, i18n.language) })}</span>
                </Link>
              </li>
            ))}
          </ul>
        </section>
      ) : null}
      <section className="grid-cards" aria-label={t("tagline")}>
        {[1, 2, 3].map((n) => (
          <div className="card" key={n}>
            <h2>{t(`home.point${n}Title`)}</h2>
            <p className="muted">{t(`home.point${n}`)}</p>
          </div>
        ))}
      </section>
    </main>
  );
}
