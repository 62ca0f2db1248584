// Step 5, History: who changed what in this cycle, and when (coordinator only).
import { useT } from "#app/i18n/use-t";
import { useCycleEditor } from "./admin.order-cycles.$cycleId";
import { formatInstant } from "#app/i18n/format";

/** The variants of an "ordered_variants_withdrawn" entry, read defensively: history details are free JSON. */
function heldVariants(details: unknown): { name: string; units: number; orders: number }[] {
  const list = details && typeof details === "object" ? (details as { variants?: unknown }).variants : undefined;
  return Array.isArray(list) ? list.filter((item) => item && typeof item === "object" && typeof item.name === "string") : [];
}

export default function CycleHistory() {
  const { t, i18n } = useT("cycles");
  const editor = useCycleEditor();
  // Which enterprise an entry is about, among those the editor knows (in the cycle or addable).
  const names = new Map<string, string>([
    ...editor.cycle.incoming.map((exchange) => [exchange.supplier.id, exchange.supplier.name] as const),
    ...editor.cycle.outgoing.map((exchange) => [exchange.distributor.id, exchange.distributor.name] as const),
    ...[...editor.candidateSuppliers, ...editor.candidateDistributors].map((candidate) => [candidate.id, candidate.name] as const),
  ]);
  const about = (details: unknown) => {
    const ids =
      details && typeof details === "object" ? [(details as Record<string, unknown>).supplierId, (details as Record<string, unknown>).distributorId] : [];
    const id = ids.find((value): value is string => typeof value === "string");
    return id ? names.get(id) : undefined;
  };
  return (
    <section className="card" aria-labelledby="history-heading">
      <h2 id="history-heading">{t("history.heading")}</h2>
      {editor.history.length === 0 ? <p className="muted">{t("history.empty")}</p> : null}
      <ol className="list-plain history-list">
        {editor.history.map((entry) => (
          <li key={entry.id}>
            <div>
              <strong>{t(`history.actions.${entry.action}`, { defaultValue: entry.action })}</strong>
              {about(entry.details) ? <> · {about(entry.details)}</> : null}{" "}
              <span className="muted">{t("history.by", { name: entry.userName ?? t("history.someone") })}</span>
            </div>
            {entry.action === "ordered_variants_withdrawn" ? (
              <ul className="list-plain">
                {heldVariants(entry.details).map((variant) => (
                  <li key={variant.name}>{t("history.heldLine", { name: variant.name, units: variant.units, count: variant.orders })}</li>
                ))}
              </ul>
            ) : null}
            <time dateTime={entry.createdAt}>{formatInstant(entry.createdAt, editor.coordinatorTimeZone, i18n.language)}</time>
          </li>
        ))}
      </ol>
    </section>
  );
}
