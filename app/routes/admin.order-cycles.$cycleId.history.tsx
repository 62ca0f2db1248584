// Step 5, History: who changed what in this cycle, and when (coordinator only).
import { useT } from "#app/i18n/use-t";
import { formatInstant } from "#app/domain/time";
import { useCycleEditor } from "./admin.order-cycles.$cycleId";

export default function CycleHistory() {
  const { t, i18n } = useT("cycles");
  const editor = useCycleEditor();
  return (
    <section className="card" aria-labelledby="history-heading">
      <h2 id="history-heading">{t("history.heading")}</h2>
      {editor.history.length === 0 ? <p className="muted">{t("history.empty")}</p> : null}
      <ol className="list-plain history-list">
        {editor.history.map((entry) => (
          <li key={entry.id}>
            <div>
              <strong>{t(`history.actions.${entry.action}`, { defaultValue: entry.action })}</strong>{" "}
              <span className="muted">{t("history.by", { name: entry.userName ?? t("history.someone") })}</span>
            </div>
            <time dateTime={entry.createdAt}>{formatInstant(entry.createdAt, editor.coordinatorTimeZone, i18n.language)}</time>
          </li>
        ))}
      </ol>
    </section>
  );
}
