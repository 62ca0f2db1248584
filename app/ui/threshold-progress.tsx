// A cycle's minimum thresholds as buyers and managers read them (docs/domain.md 12): one bar each
// ("€38.00 more and Hillside Dairy delivers", "3 more cases and…"), a tick once reached. Accessible: each bar is a
// progressbar with its values and the sentence as its text. With `poll`, the shop refreshes the
// figures every few seconds from the public API, so another buyer's order moves the bar.
import { useEffect, useState } from "react";
import { useT } from "#app/i18n/use-t";
import { formatMoney } from "#app/i18n/format";
import type { ThresholdMeasure } from "#app/domain/thresholds/rules";

export type ShownThreshold = {
  scope: "cycle" | "supplier" | "shipping_method";
  label: string;
  measure: ThresholdMeasure;
  minimum: number;
  currentValue: number;
  reached: boolean;
};

const POLL_MS = 5_000;

/** The sentence of one threshold in the reader's language. */
function useThresholdSentence() {
  const { t, i18n } = useT("shop");
  return (threshold: ShownThreshold) => {
    const remaining = Math.max(0, threshold.minimum - threshold.currentValue);
    if (threshold.reached) {
      const values = { label: threshold.label };
      if (threshold.scope === "supplier") return t("thresholds.reachedSupplier", values);
      if (threshold.scope === "shipping_method") return t("thresholds.reachedPickup", values);
      return t("thresholds.reachedCycle", values);
    }
    // "€38.00 more and…"; a count says its own "more": "3 more cases and…", "Encore 3 colis et…".
    if (threshold.measure === "amount") {
      const values = { label: threshold.label, remaining: formatMoney(remaining, i18n.language) };
      if (threshold.scope === "supplier") return t("thresholds.moreSupplier", values);
      if (threshold.scope === "shipping_method") return t("thresholds.morePickup", values);
      return t("thresholds.moreCycle", values);
    }
    const values = {
      label: threshold.label,
      remaining: t(threshold.measure === "cases" ? "thresholds.moreCases" : "thresholds.moreItems", { count: remaining }),
    };
    if (threshold.scope === "supplier") return t("thresholds.countedSupplier", values);
    if (threshold.scope === "shipping_method") return t("thresholds.countedPickup", values);
    return t("thresholds.countedCycle", values);
  };
}

export function ThresholdBar({ threshold, compact = false }: { threshold: ShownThreshold; compact?: boolean }) {
  const { t, i18n } = useT("shop");
  const sentence = useThresholdSentence()(threshold);
  const percent = threshold.reached ? 100 : Math.floor((Math.max(0, threshold.currentValue) * 100) / threshold.minimum);
  const figure = (value: number) => (threshold.measure === "amount" ? formatMoney(value, i18n.language) : String(value));
  return (
    <div className={`threshold${threshold.reached ? " is-reached" : ""}${compact ? " is-compact" : ""}`}>
      <p className="threshold-text">
        {threshold.reached ? (
          <span className="threshold-tick" aria-hidden="true">
            ✓{" "}
          </span>
        ) : null}
        {sentence}
      </p>
      <div
        className="threshold-bar"
        role="progressbar"
        aria-label={t("thresholds.barLabel", { label: threshold.label })}
        aria-valuemin={0}
        aria-valuemax={threshold.minimum}
        aria-valuenow={Math.min(threshold.currentValue, threshold.minimum)}
        aria-valuetext={sentence}
      >
        <span className="threshold-fill" style={{ width: `${percent}%` }} />
      </div>
      {compact ? null : (
        <p className="threshold-figures muted">{t("thresholds.figures", { current: figure(threshold.currentValue), minimum: figure(threshold.minimum) })}</p>
      )}
    </div>
  );
}

/**
 * The shop's list: the thresholds drawn with the page, then kept fresh from
 * GET /api/v1/shops/:distributorId/order-cycles while the page is visible.
 */
export function ThresholdList({
  thresholds,
  distributorId,
  cycleId,
  poll = false,
  inline = false,
}: {
  thresholds: ShownThreshold[];
  distributorId: string;
  cycleId: string;
  poll?: boolean;
  /** Inside another card (checkout's summary): no card of its own, a smaller heading. */
  inline?: boolean;
}) {
  const { t } = useT("shop");
  const [shown, setShown] = useState(thresholds);
  useEffect(() => setShown(thresholds), [thresholds]);
  useEffect(() => {
    if (!poll) return;
    let stopped = false;
    const refresh = async () => {
      if (document.visibilityState !== "visible") return;
      const response = await fetch(`/api/v1/shops/${distributorId}/order-cycles`, { headers: { Accept: "application/json" } }).catch(() => undefined);
      if (!response?.ok || stopped) return;
      const body = (await response.json()) as { items: { id: string; thresholds?: ShownThreshold[] }[] };
      const cycle = body.items.find((item) => item.id === cycleId);
      if (cycle?.thresholds && !stopped) setShown(cycle.thresholds);
    };
    const timer = setInterval(refresh, POLL_MS);
    return () => {
      stopped = true;
      clearInterval(timer);
    };
  }, [poll, distributorId, cycleId]);
  if (shown.length === 0) return null;
  const Heading = inline ? "h3" : "h2";
  return (
    <section className={inline ? "thresholds thresholds-inline" : "card thresholds"} aria-labelledby={`thresholds-${cycleId}`}>
      <Heading id={`thresholds-${cycleId}`} className="thresholds-heading">
        {t("thresholds.heading")}
      </Heading>
      <ul className="threshold-list" aria-live="polite">
        {shown.map((threshold, index) => (
          <li key={`${threshold.scope}-${threshold.label}-${index}`}>
            <ThresholdBar threshold={threshold} />
          </li>
        ))}
      </ul>
    </section>
  );
}
