// The translation hook of every component. react-i18next's useTranslation copies the whole i18n
// instance the first time each component renders; a shop page draws hundreds of prices and rows,
// so on the server that copying alone cost more than the rest of the page. A page's language
// changes only with the root's instance (one per locale), so a fixed t of that instance suffices.
import { useContext, useMemo } from "react";
import { I18nContext } from "react-i18next";
import type { Namespace } from "./config";

export function useT(ns?: Namespace) {
  const { i18n } = useContext(I18nContext);
  return useMemo(() => ({ t: i18n.getFixedT(i18n.language, ns ?? "common"), i18n }), [i18n, ns]);
}
