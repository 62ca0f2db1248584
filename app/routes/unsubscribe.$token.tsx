// The page behind the unsubscribe link of every marketing email (decision 0053): no login. GET
// shows what the link would do and a button; POST withdraws the consent at once — also the
// mail client's one-click POST (RFC 8058, `List-Unsubscribe-Post`), which carries no cookie and
// no Origin of ours, so the token alone is the credential. A forged link changes nothing.
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { I18nextProvider } from "react-i18next";
import { findUnsubscribeTarget, unsubscribeWithToken, type UnsubscribeOutcome } from "#app/domain/marketing/consent.server";
import { i18nFor } from "#app/i18n/client";
import { isLocale, type Locale } from "#app/i18n/config";
import { resolveLocale } from "#app/i18n/locale.server";
import { translator } from "#app/i18n/resources.server";
import { useT } from "#app/i18n/use-t";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.title ?? "Circuit"} · Circuit` }, { name: "robots", content: "noindex" }];

type PageState = { locale: Locale; title: string; state: "confirm" | UnsubscribeOutcome | "invalid"; shop: string | null; email: string | null };

async function pageFor(request: Request, target: Awaited<ReturnType<typeof findUnsubscribeTarget>>, confirm: boolean): Promise<PageState> {
  const locale: Locale = isLocale(target?.locale) ? target.locale : await resolveLocale(request);
  const state: PageState["state"] = !target ? "invalid" : confirm && target.outcome === "withdrawn" ? "confirm" : target.outcome;
  const t = translator(locale, "shop");
  return { locale, title: t(`unsubscribe.${state}Title`, { shop: target?.shop ?? "" }), state, shop: target?.shop ?? null, email: target?.email ?? null };
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  // Reading changes nothing: link checkers and previews open links too.
  const page = await pageFor(request, await findUnsubscribeTarget(params.token ?? ""), true);
  return data(page, { status: page.state === "invalid" ? 404 : 200 });
}

export async function action({ request, params }: ActionFunctionArgs) {
  const page = await pageFor(request, await unsubscribeWithToken(params.token ?? ""), false);
  return data(page, { status: page.state === "invalid" ? 404 : 200 });
}

export default function Unsubscribe() {
  const loaded = useLoaderData<typeof loader>();
  const posted = useActionData<typeof action>();
  const page = posted ?? loaded;
  return (
    <I18nextProvider i18n={i18nFor(page.locale)}>
      <main id="main" className="page page-narrow" lang={page.locale}>
        <UnsubscribeCard page={page} />
      </main>
    </I18nextProvider>
  );
}

function UnsubscribeCard({ page }: { page: PageState }) {
  const { t } = useT("shop");
  const values = { shop: page.shop ?? "", email: page.email ?? "" };
  return (
    <section className="card stack" aria-labelledby="unsubscribe-title">
      <h1 id="unsubscribe-title">{t(`unsubscribe.${page.state}Title`, values)}</h1>
      <p role={page.state === "withdrawn" ? "status" : undefined}>{t(`unsubscribe.${page.state}Body`, values)}</p>
      {page.state === "confirm" ? (
        <Form method="post">
          <button type="submit" className="button">
            {t("unsubscribe.confirmButton")}
          </button>
        </Form>
      ) : null}
      {page.state !== "confirm" && page.state !== "withdrawn" ? <p className="muted">{t("unsubscribe.unchanged")}</p> : null}
    </section>
  );
}
