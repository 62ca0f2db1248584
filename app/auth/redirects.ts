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
