// Sign-up page: create an account, start a new session, and go back to the page that sent the
// visitor here (the shop, the checkout), else to their home: enterprises or shops.
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useT } from "#app/i18n/use-t";
import { optionalCaller } from "#app/auth/actor.server";
import { clientAddress } from "#app/auth/rate-limit.server";
import { landingAfterSignIn, safeRedirectPath, signInAddress } from "#app/auth/redirects";
import { startSessionReplacing } from "#app/auth/session.server";
import { signUp } from "#app/domain/accounts/accounts.server";
import { managedEnterpriseIds } from "#app/domain/enterprises/managers.server";
import { handleForm } from "#app/http/forms.server";
import { formToObject } from "#app/http/form-data";
import { locales } from "#app/i18n/config";
import { resolveLocale } from "#app/i18n/locale.server";
import { translator } from "#app/i18n/resources.server";
import { CheckboxField, ErrorSummary, SelectField, TextField, keep, type FormResult } from "#app/ui/form";
import { consentAtSignUp, shopAskingConsent } from "#app/domain/marketing/consent.server";

/** The shop whose page sent the visitor here (`/shop/<id>…`), which may ask for consent to its news. */
const shopIdIn = (path: string | null | undefined) => /^\/shop\/([^/?#]+)/.exec(path ?? "")?.[1];

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? "Circuit" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const url = new URL(request.url);
  const requested = url.searchParams.get("redirectTo");
  const caller = await optionalCaller(request).catch(() => undefined);
  if (caller) throw redirect(landingAfterSignIn(requested, caller.actor.enterpriseIds.length > 0));
  const locale = await resolveLocale(request, null);
  // A manager invitation links here with ?email=: the invited address, so accepting is one step.
  const email = (url.searchParams.get("email") ?? "").trim().slice(0, 254);
  const redirectTo = safeRedirectPath(requested, "");
  const shop = await shopAskingConsent(shopIdIn(redirectTo));
  return { title: `${translator(locale, "auth")("signup.title")} · Circuit`, email, redirectTo, shop: shop ?? null };
}

export async function action({ request }: ActionFunctionArgs) {
  const locale = await resolveLocale(request, null);
  const form = await request.formData();
  const requested = form.get("redirectTo") || new URL(request.url).searchParams.get("redirectTo");
  return handleForm({ request, locale, form }, async () => {
    const user = await signUp(formToObject(form), clientAddress(request));
    // Unticked by default; ticked, the shop that sent the visitor here records the consent (decision 0053).
    const shopId = shopIdIn(safeRedirectPath(typeof requested === "string" ? requested : null, ""));
    if (shopId && form.get("marketingConsent") === "on") await consentAtSignUp(shopId, user.email);
    // An accepted manager invitation makes the new account a manager at once.
    const landing = landingAfterSignIn(requested, (await managedEnterpriseIds(user.id)).length > 0);
    return redirect(landing, { headers: { "Set-Cookie": await startSessionReplacing(request, user.id) } });
  });
}

export default function SignUp() {
  const { t, i18n } = useT("auth");
  const { email, redirectTo, shop } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>() as FormResult;
  const errors = result?.fieldErrors ?? {};
  const busy = useNavigation().state !== "idle";
  return (
    <main id="main" className="page page-narrow">
      <div className="card auth-card">
        <h1>{t("signup.title")}</h1>
        <p className="muted">{t("signup.lead")}</p>
        <ErrorSummary result={result} />
        <Form method="post" className="form" noValidate>
          {redirectTo ? <input type="hidden" name="redirectTo" value={redirectTo} /> : null}
          <TextField
            label={t("fields.name")}
            hint={t("signup.nameHint")}
            name="name"
            autoComplete="name"
            required
            maxLength={120}
            defaultValue={keep(result, "name")}
            error={errors.name}
          />
          <TextField
            label={t("fields.email")}
            name="email"
            type="email"
            autoComplete="email"
            inputMode="email"
            spellCheck={false}
            required
            maxLength={254}
            defaultValue={keep(result, "email", email)}
            error={errors.email}
          />
          <TextField
            label={t("fields.password")}
            hint={t("signup.passwordHint")}
            name="password"
            type="password"
            autoComplete="new-password"
            required
            minLength={10}
            maxLength={200}
            error={errors.password}
          />
          <SelectField
            label={t("fields.language")}
            hint={t("signup.languageHint")}
            name="locale"
            options={locales.map((code) => ({ value: code, label: t(`common:language.${code}`) }))}
            defaultValue={keep(result, "locale", i18n.language)}
            error={errors.locale}
          />
          {shop ? (
            <CheckboxField
              label={t("signup.marketingConsent", { shop: shop.name })}
              hint={t("signup.marketingConsentHint")}
              name="marketingConsent"
              defaultChecked={result?.ok === false ? result.values?.marketingConsent === "on" : false}
            />
          ) : null}
          <div className="form-actions">
            <button type="submit" className="button auth-submit" disabled={busy}>
              {t("signup.submit")}
            </button>
          </div>
        </Form>
        <p className="auth-switch">
          {t("signup.haveAccount")} <Link to={signInAddress("/login", redirectTo || "/")}>{t("signup.login")}</Link>
        </p>
      </div>
    </main>
  );
}
