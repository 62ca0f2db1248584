// State badges: a colour and always a word (design.md).
import { useT } from "#app/i18n/use-t";
import type { CycleState } from "#app/domain/order-cycles/state";

export function CycleStateBadge({ state }: { state: CycleState }) {
  const { t } = useT("cycles");
  return <span className={`badge badge-${state}`}>{t(`states.${state}`)}</span>;
}
