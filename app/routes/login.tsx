// Login page: checks the credentials, always starts a NEW session (the old one is deleted), and
// returns to the same-site page that sent the visitor here (or to their home: enterprises or shops).
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useT } from "#app/i18n/use-t";
import { optionalCaller } from "#app/auth/actor.server";
import { clientAddress } from "#app/auth/rate-limit.server";
import { landingAfterSignIn, safeRedirectPath, signInAddress } from "#app/auth/redirects";
import { startSessionReplacing } from "#app/auth/session.server";
import { checkCredentials } from "#app/domain/accounts/accounts.server";
import { managedEnterpriseIds } from "#app/domain/enterprises/managers.server";
import { handleForm } from "#app/http/forms.server";
import { resolveLocale } from "#app/i18n/locale.server";
import { translator } from "#app/i18n/resources.server";
import { ErrorSummary, TextField, keep, type FormResult } from "#app/ui/form";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? "Circuit" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const requested = new URL(request.url).searchParams.get("redirectTo");
  const caller = await optionalCaller(request).catch(() => undefined);
  if (caller) throw redirect(landingAfterSignIn(requested, caller.actor.enterpriseIds.length > 0));
  const locale = await resolveLocale(request, null);
  return { title: `${translator(locale, "auth")("login.title")} · Circuit`, redirectTo: safeRedirectPath(requested, "") };
}

export async function action({ request }: ActionFunctionArgs) {
  const locale = await resolveLocale(request, null);
  const form = await request.formData();
  const requested = form.get("redirectTo") || new URL(request.url).searchParams.get("redirectTo");
  return handleForm({ request, locale, form }, async () => {
    const user = await checkCredentials({ email: form.get("email") ?? "", password: form.get("password") ?? "" }, clientAddress(request));
    const landing = landingAfterSignIn(requested, (await managedEnterpriseIds(user.id)).length > 0);
    return redirect(landing, { headers: { "Set-Cookie": await startSessionReplacing(request, user.id) } });
  });
}

export default function LogIn() {
  const { t } = useT("auth");
  const { redirectTo } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>() as FormResult;
  const errors = result?.fieldErrors ?? {};
  const busy = useNavigation().state !== "idle";
  return (
    <main id="main" className="page page-narrow">
      <div className="card auth-card">
        <h1>{t("login.title")}</h1>
        <p className="muted">{t("login.lead")}</p>
        <ErrorSummary result={result} />
        <Form method="post" className="form" noValidate>
          {redirectTo ? <input type="hidden" name="redirectTo" value={redirectTo} /> : null}
          <TextField
            label={t("fields.email")}
            name="email"
            type="email"
            autoComplete="username"
            inputMode="email"
            spellCheck={false}
            required
            maxLength={254}
            defaultValue={keep(result, "email")}
            error={errors.email}
          />
          <TextField
            label={t("fields.password")}
            name="password"
            type="password"
            autoComplete="current-password"
            required
            maxLength={200}
            error={errors.password}
          />
          <div className="form-actions">
            <button type="submit" className="button auth-submit" disabled={busy}>
              {t("login.submit")}
            </button>
          </div>
        </Form>
        <p className="auth-switch">
          {t("login.noAccount")} <Link to={signInAddress("/signup", redirectTo || "/")}>{t("login.signup")}</Link>
        </p>
      </div>
    </main>
  );
}
