// Money as the viewer reads it, with tabular digits.
import { useT } from "#app/i18n/use-t";
import { formatMoney } from "#app/i18n/format";

export function Money({ cents, className }: { cents: number; className?: string }) {
  const { i18n } = useT();
  return <span className={`money ${className ?? ""}`}>{formatMoney(cents, i18n.language)}</span>;
}
