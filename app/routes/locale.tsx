// Switches the interface language: remembered in a cookie, and on the account when signed in.
import type { ActionFunctionArgs } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { optionalCaller } from "#app/auth/actor.server";
import { setUserLocale } from "#app/domain/accounts/accounts.server";
import { isLocale } from "#app/i18n/config";
import { localeCookie } from "#app/i18n/locale.server";
import { assertSameOrigin } from "#app/http/security.server";

function safeRedirect(target: FormDataEntryValue | null): string {
  return typeof target === "string" && target.startsWith("/") && !target.startsWith("//") ? target : "/";
}

export async function action({ request }: ActionFunctionArgs) {
  const form = await request.formData();
  const locale = form.get("locale");
  const to = safeRedirect(form.get("redirectTo"));
  try {
    assertSameOrigin(request);
  } catch {
    return redirect(to);
  }
  if (!isLocale(locale)) return redirect(to);
  const caller = await optionalCaller(request).catch(() => undefined);
  if (caller) await setUserLocale(caller.user.id, locale);
  return redirect(to, { headers: { "Set-Cookie": await localeCookie.serialize(locale) } });
}

export async function loader() {
  return redirect("/");
}
