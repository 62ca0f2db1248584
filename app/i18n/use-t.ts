// The translation hook of every component. react-i18next's useTranslation copies the whole i18n
// instance the first time each component renders, and i18next's t takes ~10 µs a call; a shop
// page draws hundreds of prices and rows, so on the server the two cost more than the rest of the
// page. A page's language changes only with the root's instance (one per locale, never switched),
// so a fixed t per instance and namespace, remembering what it answered, gives the same strings.
import { useContext } from "react";
import { I18nContext } from "react-i18next";
import type { i18n as I18n, TFunction } from "i18next";
import type { Namespace } from "./config";

/** Enough for every label of every page in one language; past it the memory starts again. */
const REMEMBERED_PER_NAMESPACE = 5_000;
const remembering = new WeakMap<I18n, Map<string, TFunction>>();

function rememberingT(i18n: I18n, ns: Namespace): TFunction {
  let byNamespace = remembering.get(i18n);
  if (!byNamespace) remembering.set(i18n, (byNamespace = new Map()));
  const existing = byNamespace.get(ns);
  if (existing) return existing;
  const fixed = i18n.getFixedT(i18n.language, ns);
  const answers = new Map<string, string>();
  const t = ((key: unknown, options?: unknown) => {
    if (typeof key !== "string" || (options !== undefined && (typeof options !== "object" || options === null || "returnObjects" in options)))
      return (fixed as unknown as (...args: unknown[]) => unknown)(key, options);
    const memoKey = options === undefined ? key : `${key}\u0001${JSON.stringify(options)}`;
    let answer = answers.get(memoKey);
    if (answer === undefined) {
      answer = String(fixed(key, options as Record<string, unknown>));
      if (answers.size >= REMEMBERED_PER_NAMESPACE) answers.clear();
      answers.set(memoKey, answer);
    }
    return answer;
  }) as unknown as TFunction;
  byNamespace.set(ns, t);
  return t;
}

export function useT(ns: Namespace = "common") {
  const { i18n } = useContext(I18nContext);
  return { t: rememberingT(i18n, ns), i18n };
}
