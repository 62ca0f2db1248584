// Where to send someone after they sign in: only paths on this site, never another host.

const PROBE_ORIGIN = "http://circuit.invalid";

/**
 * The path itself when it stays on this site ("/admin?x=1"), else the fallback. Refuses
 * protocol-relative ("//evil.test") and backslash ("/\evil.test") forms that browsers read
 * as another host, and anything with control characters.
 */
export function safeRedirectPath(target: unknown, fallback = "/admin"): string {
  if (typeof target !== "string" || target.length === 0 || target.length > 2000) return fallback;
  if (!target.startsWith("/") || target.startsWith("//") || target.startsWith("/\\")) return fallback;
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f\\]/.test(target)) return fallback;
  try {
    if (new URL(target, PROBE_ORIGIN).origin !== PROBE_ORIGIN) return fallback;
  } catch {
    return fallback;
  }
  return target;
}

const SIGN_IN_PAGES = /^\/(login|signup)(?:[/?#]|$)/;
const ADMIN_HOME = /^\/admin\/?(?:[?#]|$)/;

/**
 * Where someone lands after logging in or signing up: the page they came from when it is on
 * this site (the shop, the checkout), never the sign-in pages themselves (that would loop).
 * Otherwise a manager goes to their enterprises and a buyer to the shops; a buyer sent to the
 * bare admin home would find only "you do not run an enterprise yet", so they go to the shops too.
 */
export function landingAfterSignIn(requested: unknown, managesAnEnterprise: boolean): string {
  const home = managesAnEnterprise ? "/admin" : "/";
  const path = safeRedirectPath(requested, home);
  if (SIGN_IN_PAGES.test(path)) return home;
  if (!managesAnEnterprise && ADMIN_HOME.test(path)) return home;
  return path;
}

/**
 * The login or sign-up address that brings the visitor back to `here` (a path) afterwards; from
 * one sign-in page to the other, the page it was to return to.
 */
export function signInAddress(page: "/login" | "/signup", here: string): string {
  const url = new URL(here, PROBE_ORIGIN);
  const back = SIGN_IN_PAGES.test(url.pathname) ? (url.searchParams.get("redirectTo") ?? "/") : here;
  return back === "/" ? page : `${page}?redirectTo=${encodeURIComponent(back)}`;
}
