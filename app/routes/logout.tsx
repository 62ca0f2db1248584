// Logout: a POST deletes the session on the server and clears the cookie; a GET changes nothing.
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, useActionData } from "@remix-run/react";
import { useT } from "#app/i18n/use-t";
import { endSession } from "#app/auth/session.server";
import { handleForm } from "#app/http/forms.server";
import { resolveLocale } from "#app/i18n/locale.server";
import { ErrorSummary, type FormResult } from "#app/ui/form";
import { pageTitle } from "#app/ui/page-title";

/** The loader only redirects: the title comes in the language of the root loader. */
export const meta: MetaFunction = ({ matches }) => [{ title: pageTitle(matches, "logout") }];

export async function loader(_: LoaderFunctionArgs) {
  return redirect("/");
}

export async function action({ request }: ActionFunctionArgs) {
  const locale = await resolveLocale(request, null);
  const form = await request.formData();
  // handleForm refuses another site's request (cross_origin): nobody can be logged out from elsewhere.
  return handleForm({ request, locale, form }, async () => redirect("/", { headers: { "Set-Cookie": await endSession(request) } }));
}

/** Shown only when a logout was refused: the person can confirm it here, from this site. */
export default function LogOut() {
  const { t } = useT("auth");
  const result = useActionData<typeof action>() as FormResult;
  return (
    <main id="main" className="page page-narrow">
      <div className="card auth-card">
        <h1>{t("logout.title")}</h1>
        <ErrorSummary result={result} />
        <p>{t("logout.lead")}</p>
        <Form method="post">
          <button type="submit" className="button">
            {t("logout.submit")}
          </button>
        </Form>
      </div>
    </main>
  );
}
