// An order's history (docs/domain.md 8): each change of a line, newest first, with who, when,
// before → after and the note. Shown on the hub's order page.
import { useT } from "#app/i18n/use-t";
import { formatInstant, formatWeight } from "#app/i18n/format";
import { Money } from "./money";

type Side = { quantity: number; actualWeightGrams: number | null; totalCents: number };

export type OrderHistoryEntryView = {
  at: string;
  actor: { name: string | null; email: string | null; enterprise: { id: string; name: string } | null };
  source: "buyer" | "staff" | "producer";
  productName: string;
  variantName: string;
  before: Side;
  after: Side;
  note: string;
};

export function OrderHistory({ entries, timeZone }: { entries: readonly OrderHistoryEntryView[]; timeZone: string }) {
  const { t, i18n } = useT("cycles");
  const side = (value: Side) =>
    value.quantity === 0
      ? t("orders.history.none")
      : value.actualWeightGrams === null
        ? String(value.quantity)
        : t("orders.history.weighed", { quantity: value.quantity, weight: formatWeight(value.actualWeightGrams, i18n.language) });
  return (
    <section className="card" aria-labelledby="history-heading">
      <h3 id="history-heading">{t("orders.history.heading")}</h3>
      {entries.length === 0 ? (
        <p className="muted">{t("orders.history.empty")}</p>
      ) : (
        <ol className="order-history">
          {[...entries].reverse().map((entry, index) => {
            const who =
              [entry.actor.name || entry.actor.email, entry.actor.enterprise?.name].filter(Boolean).join(" · ") || t(`orders.history.sources.${entry.source}`);
            return (
              <li key={`${entry.at}-${index}`}>
                <div>
                  <strong>
                    {entry.productName} <span className="muted">({entry.variantName})</span>
                  </strong>
                  : {side(entry.before)} → {side(entry.after)}
                </div>
                <div className="hint">
                  {formatInstant(entry.at, timeZone, i18n.language)} · {who} · {t(`orders.history.sources.${entry.source}`)} · {t("orders.history.total")}{" "}
                  <Money cents={entry.before.totalCents} /> → <Money cents={entry.after.totalCents} />
                </div>
                {entry.note ? <div className="order-history-note">{entry.note}</div> : null}
              </li>
            );
          })}
        </ol>
      )}
    </section>
  );
}
