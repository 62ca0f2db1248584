// Login page: checks the credentials, always starts a NEW session (the old one is deleted), and
// returns to the same-site page that sent the visitor here.
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useT } from "#app/i18n/use-t";
import { optionalCaller } from "#app/auth/actor.server";
import { clientAddress } from "#app/auth/rate-limit.server";
import { safeRedirectPath } from "#app/auth/redirects";
import { startSessionReplacing } from "#app/auth/session.server";
import { checkCredentials } from "#app/domain/accounts/accounts.server";
import { handleForm } from "#app/http/forms.server";
import { resolveLocale } from "#app/i18n/locale.server";
import { translator } from "#app/i18n/resources.server";
import { ErrorSummary, TextField, keep, type FormResult } from "#app/ui/form";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? "Circuit" }];

/** Where to go after login; never back to the login or sign-up page (that would loop). */
function destination(target: unknown): string {
  const path = safeRedirectPath(target);
  return /^\/(login|signup)(?:[/?#]|$)/.test(path) ? "/admin" : path;
}

export async function loader({ request }: LoaderFunctionArgs) {
  const redirectTo = destination(new URL(request.url).searchParams.get("redirectTo"));
  if (await optionalCaller(request).catch(() => undefined)) throw redirect(redirectTo);
  const locale = await resolveLocale(request, null);
  return { title: `${translator(locale, "auth")("login.title")} · Circuit`, redirectTo };
}

export async function action({ request }: ActionFunctionArgs) {
  const locale = await resolveLocale(request, null);
  const form = await request.formData();
  const redirectTo = destination(form.get("redirectTo") || new URL(request.url).searchParams.get("redirectTo"));
  return handleForm({ request, locale, form }, async () => {
    const user = await checkCredentials({ email: form.get("email") ?? "", password: form.get("password") ?? "" }, clientAddress(request));
    return redirect(redirectTo, { headers: { "Set-Cookie": await startSessionReplacing(request, user.id) } });
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
          <input type="hidden" name="redirectTo" value={redirectTo} />
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
            <button type="submit" className="button auth-submit" disabled={busy}>{t("login.submit")}</button>
          </div>
        </Form>
        <p className="auth-switch">
          {t("login.noAccount")} <Link to="/signup">{t("login.signup")}</Link>
        </p>
      </div>
    </main>
  );
}
