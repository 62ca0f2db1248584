// Page titles in the reader's language, for `meta` functions: the language comes from the root
// loader, the words from the bundled translations (common:titles.*).
import { i18nFor } from "#app/i18n/client";
import { isLocale } from "#app/i18n/config";

type Match = { id: string; data: unknown };

export function pageTitle(matches: readonly Match[], key: string, parts: (string | null | undefined)[] = []): string {
  const root = matches.find((match) => match.id === "root")?.data as { locale?: unknown } | undefined;
  const locale = isLocale(root?.locale) ? root.locale : "en";
  const words = i18nFor(locale).t(`common:titles.${key}`);
  return [...parts.filter(Boolean), words, "Circuit"].join(" · ");
}
