// A fee's calculation in words beside its name in the cycle editor's pickers ("€1.50 per order",
// "€0.20 per item"), so a per-order fee is not mistaken for one charged on every item.
import { calculatorFromStored } from "#app/domain/fees/calculators";
import { describeCalculatorWith } from "#app/domain/fees/descriptions";
import { useT } from "#app/i18n/use-t";

export function FeeCalculation({ fee }: { fee: { calculatorType: string; calculatorParams: Record<string, number> } }) {
  const { t, i18n } = useT("fees");
  return <span className="muted"> · {describeCalculatorWith(t, calculatorFromStored(fee.calculatorType, fee.calculatorParams), i18n.language)}</span>;
}
