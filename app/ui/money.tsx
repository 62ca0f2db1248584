// Money as the viewer reads it, with tabular digits.
import { useTranslation } from "react-i18next";
import { formatMoney } from "#app/domain/money";

export function Money({ cents, className }: { cents: number; className?: string }) {
  const { i18n } = useTranslation();
  return <span className={`money ${className ?? ""}`}>{formatMoney(cents, i18n.language)}</span>;
}
