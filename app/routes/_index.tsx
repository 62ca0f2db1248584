// The landing page: what Circuit is, and the way in.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { Link, useRouteLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import type { RootData } from "#app/root";

export async function loader(_: LoaderFunctionArgs) {
  return null;
}

export default function Home() {
  const { t } = useTranslation();
  const root = useRouteLoaderData("root") as RootData | undefined;
  return (
    <main id="main" className="page">
      <section className="card" style={{ padding: "48px 32px" }}>
        <p className="muted">{t("tagline")}</p>
        <h1>{t("home.title")}</h1>
        <p style={{ maxWidth: 640 }}>{t("home.lead")}</p>
        <div className="form-actions">
          {root?.user ? (
            <Link to="/admin" className="button">{t("home.goToAdmin")}</Link>
          ) : (
            <>
              <Link to="/signup" className="button">{t("home.getStarted")}</Link>
              <Link to="/login" className="button button-secondary">{t("nav.login")}</Link>
            </>
          )}
        </div>
      </section>
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
