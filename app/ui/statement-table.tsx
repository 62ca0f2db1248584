// The supplier statement on screen and on paper: one block per supplier (its goods, its own fees, the
// fees taken on its items) with what it is owed, then the totals. The JSON and the CSV keep one flat table.
import type { Row } from "#app/domain/reports/definitions";
import { statementBySupplier } from "#app/domain/reports/statement";
import { formatMoney, formatPercent } from "#app/i18n/format";
import { useT } from "#app/i18n/use-t";

const figures = ["quantity", "weighedGrams", "taxRate", "excludingTaxCents", "taxCents", "supplierAmountCents", "feesTakenCents"] as const;

export function StatementTable({ rows, totals, label }: { rows: Row[]; totals: Row; label: string }) {
  const { t, i18n } = useT("reports");
  const show = (key: (typeof figures)[number], value: Row[string]) => {
    if (value === null || value === undefined) return "";
    if (key === "taxRate") return formatPercent(Number(value) / 100, i18n.language);
    if (key === "quantity" || key === "weighedGrams") return String(value);
    return formatMoney(Number(value), i18n.language);
  };
  const sums = (row: Row) =>
    figures.map((key) => (
      <td key={key} className="num">
        {key === "taxRate" || key === "quantity" || key === "weighedGrams" ? "" : <strong>{show(key, row[key])}</strong>}
      </td>
    ));
  return (
    <div className="table-wrap report-table" tabIndex={0} role="region" aria-label={label}>
      <table className="statement-table">
        <caption className="visually-hidden">{label}</caption>
        <thead>
          <tr>
            <th scope="col">{t("columns.item")}</th>
            {figures.map((key) => (
              <th key={key} scope="col" className="num">
                {t(`columns.${key}`)}
              </th>
            ))}
          </tr>
        </thead>
        {statementBySupplier(rows).map((group) => (
          <tbody key={group.supplier}>
            <tr className="group-row">
              <th scope="colgroup" colSpan={figures.length + 1}>
                {group.supplier}
              </th>
            </tr>
            {group.rows.map((row, index) => (
              <tr key={index}>
                <td>
                  {row.fee === null ? (
                    <>
                      {row.product} <span className="muted">· {row.variant}</span>
                    </>
                  ) : (
                    <>
                      {row.fee} <span className="muted small">({row.enterprise})</span>
                    </>
                  )}
                </td>
                {figures.map((key) => (
                  <td key={key} className="num">
                    {show(key, row[key])}
                  </td>
                ))}
              </tr>
            ))}
            <tr className="subtotal-row">
              <td>{t("statementOwed", { supplier: group.supplier })}</td>
              {sums(group.totals)}
            </tr>
          </tbody>
        ))}
        <tfoot>
          <tr className="total-row">
            <td>
              <strong>{t("total")}</strong>
            </td>
            {sums(totals)}
          </tr>
        </tfoot>
      </table>
    </div>
  );
}
