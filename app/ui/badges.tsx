// State badges: a colour and always a word (design.md).
import { useTranslation } from "react-i18next";
import type { CycleState } from "#app/domain/order-cycles/state";

export function CycleStateBadge({ state }: { state: CycleState }) {
  const { t } = useTranslation("cycles");
  return <span className={`badge badge-${state}`}>{t(`states.${state}`)}</span>;
}
