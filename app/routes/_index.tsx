// The home page: the shops open now, then what Circuit is and the way in.
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

/**
 * The shops open now come first, at every width: most people arriving here want to buy, and the
 * order one reads and tabs through is the order one sees. What Circuit is for hubs follows.
 */
export default function Home() {
  const { t, i18n } = useT();
  const { shops, now } = useLoaderData<typeof loader>();
  const root = useRouteLoaderData("root") as RootData | undefined;
  const Title = shops.length ? "h2" : "h1";
  const PointTitle = shops.length ? "h3" : "h2";
  return (
    <main id="main" className="page">
      {shops.length ? (
        <section className="open-shops" aria-labelledby="open-shops-title">
          <h1 id="open-shops-title">{t("home.openShops")}</h1>
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
      <section className="card home-intro" aria-labelledby="home-title">
        <p className="muted">{t("tagline")}</p>
        <Title id="home-title">{t("home.title")}</Title>
        <p style={{ maxWidth: 640 }}>{t("home.lead")}</p>
        <div className="form-actions">
          {root?.user ? (
            root.isManager ? (
              <Link to="/admin" className="button">
                {t("home.goToAdmin")}
              </Link>
            ) : (
              <Link to="/account#orders-title" className="button">
                {t("home.goToOrders")}
              </Link>
            )
          ) : (
            <>
              <Link to="/signup" className="button">
                {t("home.getStarted")}
              </Link>
              <Link to="/login" className="button button-secondary">
                {t("nav.login")}
              </Link>
            </>
          )}
        </div>
      </section>
      <section className="grid-cards" aria-label={t("tagline")}>
        {[1, 2, 3].map((n) => (
          <div className="card" key={n}>
            <PointTitle>{t(`home.point${n}Title`)}</PointTitle>
            <p className="muted">{t(`home.point${n}`)}</p>
          </div>
        ))}
      </section>
    </main>
  );
}
