// The document: language, header with language switch and account links, and the page outlet.
import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import {
  Form,
  Link,
  Links,
  Meta,
  NavLink,
  Outlet,
  Scripts,
  ScrollRestoration,
  isRouteErrorResponse,
  useLoaderData,
  useLocation,
  useRouteError,
  useRouteLoaderData,
} from "@remix-run/react";
import { useMemo } from "react";
import { I18nextProvider } from "react-i18next";
import { useT } from "#app/i18n/use-t";
import styles from "./styles/app.css";
import { optionalCaller } from "#app/auth/actor.server";
import { signInAddress } from "#app/auth/redirects";
import { i18nFor } from "#app/i18n/client";
import { locales, type Locale } from "#app/i18n/config";
import { resolveLocale } from "#app/i18n/locale.server";

export const links: LinksFunction = () => [
  { rel: "stylesheet", href: styles },
  { rel: "icon", href: "/favicon.svg", type: "image/svg+xml" },
];

/** The error pages' titles too are in the reader's language ("Page not found · Circuit"). */
export const meta: MetaFunction<typeof loader> = ({ data, error }) => {
  if (!error) return [{ title: "Circuit" }];
  const status = isRouteErrorResponse(error) ? error.status : 500;
  return [{ title: `${i18nFor(data?.locale ?? "en").t(errorPageKey(status))} · Circuit` }];
};

function errorPageKey(status: number, part: "" | "Lead" = "") {
  const base = status === 404 ? "notFound" : status === 403 ? "forbidden" : status === 503 ? "unavailable" : "generic";
  return `errorPage.${base}${part}`;
}

export async function loader({ request }: LoaderFunctionArgs) {
  const caller = await optionalCaller(request).catch(() => undefined);
  const locale = await resolveLocale(request, caller?.user.locale);
  const headers = new Headers();
  if (caller?.setCookie) headers.append("Set-Cookie", caller.setCookie);
  return data(
    {
      locale,
      user: caller ? { name: caller.user.name, email: caller.user.email } : null,
      isManager: (caller?.actor.enterpriseIds.length ?? 0) > 0,
    },
    { headers },
  );
}

export type RootData = Awaited<ReturnType<typeof loader>>["data"];

function LanguageSwitch({ locale }: { locale: Locale }) {
  const { t } = useT();
  const location = useLocation();
  return (
    <Form method="post" action="/locale" className="language-switch" reloadDocument>
      <input type="hidden" name="redirectTo" value={location.pathname + location.search} />
      <label htmlFor="language-select" className="visually-hidden">
        {t("language.label")}
      </label>
      <select id="language-select" name="locale" defaultValue={locale} onChange={(event) => event.currentTarget.form?.requestSubmit()}>
        {locales.map((code) => (
          <option key={code} value={code}>
            {t(`language.${code}`)}
          </option>
        ))}
      </select>
      <noscript>
        <button type="submit" className="button button-small button-secondary">
          {t("language.apply")}
        </button>
      </noscript>
    </Form>
  );
}

function TopBar({ data }: { data: RootData }) {
  const { t } = useT();
  const location = useLocation();
  const here = location.pathname + location.search;
  return (
    <header className="topbar">
      <div className="topbar-inner">
        <Link to="/" className="brand">
          <span className="brand-mark" aria-hidden="true">
            C
          </span>
          Circuit
        </Link>
        <div className="topbar-spacer" />
        <nav className="topbar-links" aria-label={t("nav.header")}>
          <NavLink to="/" end>
            {t("nav.shops")}
          </NavLink>
          {data.user ? (
            <>
              <Link to="/account#orders-title">{t("nav.orders")}</Link>
              {data.isManager ? <Link to="/admin">{t("nav.admin")}</Link> : null}
              <Link to="/account" className="topbar-user">
                <span className="topbar-user-name">{data.user.name}</span>
                <span className="topbar-user-short">{t("nav.account")}</span>
              </Link>
              <Form method="post" action="/logout">
                <button type="submit" className="link-button">
                  {t("nav.logout")}
                </button>
              </Form>
            </>
          ) : (
            <>
              <Link to={signInAddress("/login", here)}>{t("nav.login")}</Link>
              <Link to={signInAddress("/signup", here)} className="button button-small">
                {t("nav.signup")}
              </Link>
            </>
          )}
          <LanguageSwitch locale={data.locale} />
        </nav>
      </div>
    </header>
  );
}

function Document({ locale, children }: { locale: string; children: React.ReactNode }) {
  return (
    <html lang={locale}>
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <Meta />
        <Links />
      </head>
      <body>
        {children}
        <ScrollRestoration />
        <Scripts />
      </body>
    </html>
  );
}

export default function App() {
  const data = useLoaderData<typeof loader>();
  const i18n = useMemo(() => i18nFor(data.locale), [data.locale]);
  return (
    <I18nextProvider i18n={i18n}>
      <Document locale={data.locale}>
        <a href="#main" className="skip-link">
          {i18n.t("nav.skip")}
        </a>
        <TopBar data={data} />
        <Outlet />
        <footer className="footer">
          <div className="footer-inner">{i18n.t("footer")}</div>
        </footer>
      </Document>
    </I18nextProvider>
  );
}

/**
 * 404, 403 and 500 in the reader's language, inside the usual header and footer: what happened in
 * one sentence, the code in small print, and a way on.
 */
export function ErrorBoundary() {
  const error = useRouteError();
  const data = useRouteLoaderData<typeof loader>("root");
  const location = useLocation();
  const locale = data?.locale ?? "en";
  const i18n = i18nFor(locale);
  const status = isRouteErrorResponse(error) ? error.status : 500;
  const generic = status !== 404 && status !== 403;
  return (
    <I18nextProvider i18n={i18n}>
      <Document locale={locale}>
        <a href="#main" className="skip-link">
          {i18n.t("nav.skip")}
        </a>
        {data ? <TopBar data={data} /> : null}
        <main id="main" className="page page-narrow">
          <div className="card">
            <p className="muted">{i18n.t("errorPage.status", { status })}</p>
            <h1>{i18n.t(errorPageKey(status))}</h1>
            <p>{i18n.t(errorPageKey(status, "Lead"))}</p>
            <div className="form-actions">
              {generic ? (
                <a href={location.pathname + location.search} className="button">
                  {i18n.t("errorPage.retry")}
                </a>
              ) : null}
              <a href="/" className={generic ? "button button-secondary" : "button"}>
                {i18n.t("errorPage.home")}
              </a>
            </div>
          </div>
        </main>
        <footer className="footer">
          <div className="footer-inner">{i18n.t("footer")}</div>
        </footer>
      </Document>
    </I18nextProvider>
  );
}
