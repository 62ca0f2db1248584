// Reports of a cycle, as the viewer's role allows: an overview for the coordinator, then one
// report at a time with filters, totals, a CSV download and a print layout.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useLoaderData, useParams, useSearchParams } from "@remix-run/react";
import { useT } from "#app/i18n/use-t";
import { requireUserPage } from "#app/auth/actor.server";
import { DomainError } from "#app/domain/errors";
import { contactColumnKeys, csvStyleFor, isReportName, type Column, type Cell, type Row } from "#app/domain/reports/definitions";
import { cycleOverview, loadReport, reportFilterOptions, reportScope, reportsFor } from "#app/domain/reports/reports.server";
import { filtersFromSearch } from "#app/domain/reports/request";
import { BarList, ColumnChart } from "#app/ui/charts";
import { StatementTable } from "#app/ui/statement-table";
import { formatMoney, formatPercent, numberLocale } from "#app/i18n/format";

const HTML_ROWS = 1_000;

export async function loader({ request, params }: LoaderFunctionArgs) {
  const caller = await requireUserPage(request);
  const cycleId = params.cycleId!;
  const url = new URL(request.url);
  try {
    const scope = await reportScope(caller.actor, cycleId);
    const available = reportsFor(scope);
    const wanted = url.searchParams.get("report");
    const name = isReportName(wanted) && available.includes(wanted) ? wanted : available[0];
    const filters = filtersFromSearch(url.searchParams);
    const [report, options, overview] = await Promise.all([
      loadReport(caller.actor, cycleId, name, filters),
      reportFilterOptions(scope),
      scope.coordinator ? cycleOverview(scope) : Promise.resolve(null),
    ]);
    // The page shows the first rows; the CSV and the filters give the rest (a 20,000-line cycle stays quick to open).
    return {
      available,
      name,
      filters,
      options,
      overview,
      shownRows: Math.min(report.rows.length, HTML_ROWS),
      totalRows: report.rows.length,
      report: { columns: report.columns, rows: report.rows.slice(0, HTML_ROWS), totals: report.totals },
    };
  } catch (error) {
    if (error instanceof DomainError && error.code === "not_found") throw new Response(null, { status: 404 });
    throw error;
  }
}

function Overview({ overview }: { overview: NonNullable<ReturnType<typeof useLoaderData<typeof loader>>["overview"]> }) {
  const { t, i18n } = useT("reports");
  const money = (cents: number) => formatMoney(cents, i18n.language);
  const day = (iso: string) =>
    new Intl.DateTimeFormat(numberLocale(i18n.language), { day: "numeric", month: "short", timeZone: "UTC" }).format(new Date(`${iso}T12:00:00Z`));
  return (
    <section className="card report-overview" aria-labelledby="overview-heading">
      <h3 id="overview-heading">{t("overview.title")}</h3>
      <dl className="figures">
        <div>
          <dt>{t("overview.orders")}</dt>
          <dd>{overview.orders}</dd>
        </div>
        <div>
          <dt>{t("overview.sales")}</dt>
          <dd>{money(overview.salesCents)}</dd>
        </div>
        <div>
          <dt>{t("overview.unpaid")}</dt>
          <dd>{overview.unpaidOrders}</dd>
        </div>
      </dl>
      {overview.orders === 0 ? (
        <p className="muted">{t("overview.noData")}</p>
      ) : (
        <div className="chart-grid">
          <figure>
            <figcaption>{t("overview.perDay")}</figcaption>
            <ColumnChart
              title={t("overview.perDay")}
              bars={overview.perDay.map((row) => ({ label: day(row.day), value: row.orders, display: String(row.orders) }))}
            />
          </figure>
          <figure>
            <figcaption>{t("overview.toPack")}</figcaption>
            <BarList
              title={t("overview.toPack")}
              bars={overview.toPack.map((row) => ({ label: row.pickup, value: row.orders, display: String(row.orders) }))}
            />
          </figure>
          <figure>
            <figcaption>{t("overview.perProducer")}</figcaption>
            <BarList
              title={t("overview.perProducer")}
              bars={overview.perProducer.map((row) => ({ label: row.name, value: row.salesCents, display: money(row.salesCents) }))}
            />
          </figure>
          <figure>
            <figcaption>{t("overview.perDistributor")}</figcaption>
            <BarList
              title={t("overview.perDistributor")}
              bars={overview.perDistributor.map((row) => ({ label: row.name, value: row.salesCents, display: money(row.salesCents) }))}
            />
          </figure>
        </div>
      )}
    </section>
  );
}

export default function CycleReports() {
  const { t, i18n } = useT("reports");
  const { available, name, filters, options, overview, report, shownRows, totalRows } = useLoaderData<typeof loader>();
  const [params] = useSearchParams();
  const { cycleId } = useParams();
  const cell = (column: Column, value: Cell) => {
    if (value === null || value === undefined) return column.key === "buyer" ? <span className="muted">{t("hiddenBuyer")}</span> : "";
    if (column.kind === "money") return formatMoney(Number(value), i18n.language);
    if (column.kind === "rate") return formatPercent(Number(value) / 100, i18n.language);
    if (column.key === "email") return <a href={`mailto:${value}`}>{value}</a>;
    if (column.key === "phone") return <a href={`tel:${String(value).replace(/[^+\d]/g, "")}`}>{value}</a>;
    if (column.key === "paymentState") return t(`paymentStates.${value}`, { defaultValue: String(value) });
    if (column.key === "fulfilmentState") return t(`fulfilmentStates.${value}`, { defaultValue: String(value) });
    if (column.key === "feeType") return t(`feeTypes.${value}`, { defaultValue: String(value) });
    return String(value);
  };
  const query = new URLSearchParams(params);
  query.delete("report");
  const csvParams = new URLSearchParams({
    format: "csv",
    ...(Object.fromEntries(Object.entries(filters).filter(([, value]) => value)) as Record<string, string>),
  });
  const csvHref = `/api/v1/order-cycles/${cycleId}/reports/${name}?${csvParams}`;
  const otherCsvStyle = csvStyleFor(i18n.language) === "comma" ? "semicolon" : "comma";
  const packing = name === "orders";
  // On screen and on paper the buyer's phone, email and address share one column, so the packing
  // sheet keeps its quantities in view; the JSON and the CSV keep three columns.
  const hasContacts = report.columns.some((column) => contactColumnKeys.includes(column.key));
  const columns: Column[] = hasContacts
    ? report.columns.flatMap((column) =>
        column.key === "buyer" ? [column, { key: "contact", kind: "text" as const }] : contactColumnKeys.includes(column.key) ? [] : [column],
      )
    : report.columns;
  const contact = (row: Row) => (
    <>
      {contactColumnKeys
        .filter((key) => row[key] !== null && row[key] !== undefined && row[key] !== "")
        .map((key) => (
          <div key={key} className={key === "deliveryAddress" ? "address small" : "small"}>
            {cell({ key, kind: "text" }, row[key])}
          </div>
        ))}
    </>
  );
  return (
    <section aria-labelledby="reports-heading" className="reports">
      <div className="page-header no-print">
        <div>
          <h2 id="reports-heading">{t("title")}</h2>
          <p className="muted">{t("lead")}</p>
        </div>
      </div>
      {overview ? <Overview overview={overview} /> : null}
      <nav className="report-tabs no-print" aria-label={t("title")}>
        <ul>
          {available.map((reportName) => (
            <li key={reportName}>
              <Link
                to={`?${new URLSearchParams({ ...Object.fromEntries(query), report: reportName })}`}
                aria-current={reportName === name ? "page" : undefined}
                className={reportName === name ? "active" : undefined}
              >
                {t(`names.${reportName}`)}
              </Link>
            </li>
          ))}
        </ul>
      </nav>
      <div className="report-head">
        <div>
          <h3>{t(`names.${name}`)}</h3>
          <p className="muted">{t(`descriptions.${name}`)}</p>
        </div>
        <div className="row no-print">
          <a className="button button-secondary button-small" href={csvHref} download>
            {t("downloadCsv")}
          </a>
          {name === "supplier-statement" ? (
            <a className="button button-secondary button-small" href={csvHref.replace("format=csv", "format=pdf")} download>
              {t("downloadPdf")}
            </a>
          ) : null}
          <button type="button" className="button button-secondary button-small" onClick={() => window.print()}>
            {t("print")}
          </button>
          <a className="small" href={`${csvHref}&csvStyle=${otherCsvStyle}`} download>
            {t(`csvStyles.${otherCsvStyle}`)}
          </a>
        </div>
      </div>
      <Form method="get" className="report-filters no-print" aria-label={t("filters")}>
        <input type="hidden" name="report" value={name} />
        <label>
          <span className="visually-hidden">{t("columns.distributor")}</span>
          <select name="distributorId" defaultValue={filters.distributorId ?? ""}>
            <option value="">{t("allDistributors")}</option>
            {options.distributors.map((option) => (
              <option key={option.id} value={option.id}>
                {option.name}
              </option>
            ))}
          </select>
        </label>
        <label>
          <span className="visually-hidden">{t("columns.supplier")}</span>
          <select name="supplierId" defaultValue={filters.supplierId ?? ""}>
            <option value="">{t("allSuppliers")}</option>
            {options.suppliers.map((option) => (
              <option key={option.id} value={option.id}>
                {option.name}
              </option>
            ))}
          </select>
        </label>
        <label>
          <span className="visually-hidden">{t("pickup")}</span>
          <select name="shippingMethodId" defaultValue={filters.shippingMethodId ?? ""}>
            <option value="">{t("allPickups")}</option>
            {options.pickups.map((option) => (
              <option key={option.id} value={option.id}>
                {option.name}
              </option>
            ))}
          </select>
        </label>
        <button type="submit" className="button button-secondary button-small">
          {t("apply")}
        </button>
      </Form>
      {shownRows < totalRows ? (
        <p className="alert alert-warning no-print" role="status">
          {t("truncated", { shown: shownRows, total: totalRows })}
        </p>
      ) : null}
      {report.rows.length === 0 ? (
        <div className="card empty">{t("empty")}</div>
      ) : name === "supplier-statement" ? (
        <StatementTable rows={report.rows} totals={report.totals} label={t(`names.${name}`)} />
      ) : (
        // Focusable, so a keyboard can scroll a report wider than the screen.
        <div className="table-wrap report-table" tabIndex={0} role="region" aria-label={t(`names.${name}`)}>
          <table>
            <caption className="visually-hidden">{t(`names.${name}`)}</caption>
            <thead>
              <tr>
                {packing ? (
                  <th scope="col" className="pack-col">
                    {t("columns.packed")}
                  </th>
                ) : null}
                {columns.map((column) => (
                  <th key={column.key} scope="col" className={column.kind === "text" ? undefined : "num"}>
                    {t(`columns.${column.key}`)}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {report.rows.map((row, index) => (
                <tr key={index}>
                  {packing ? (
                    <td className="pack-col">
                      <input type="checkbox" aria-label={t("columns.packed")} />
                    </td>
                  ) : null}
                  {columns.map((column) => (
                    <td key={column.key} className={column.kind === "text" ? undefined : "num"}>
                      {column.key === "contact" ? contact(row) : cell(column, row[column.key])}
                    </td>
                  ))}
                </tr>
              ))}
            </tbody>
            <tfoot>
              <tr className="total-row">
                {packing ? <td /> : null}
                {columns.map((column, index) => (
                  <td key={column.key} className={column.kind === "text" ? undefined : "num"}>
                    {index === 0 ? (
                      <strong>{t("total")}</strong>
                    ) : column.kind === "text" || column.kind === "rate" || report.totals[column.key] === null ? (
                      ""
                    ) : (
                      cell(column, report.totals[column.key])
                    )}
                  </td>
                ))}
              </tr>
            </tfoot>
          </table>
        </div>
      )}
    </section>
  );
}
