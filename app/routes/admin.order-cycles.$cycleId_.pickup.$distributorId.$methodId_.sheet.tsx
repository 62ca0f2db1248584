// The printable pickup sheet of one pickup point (docs/domain.md 11): every placed order by buyer,
// with its items, the balance still due and a box to tick, for a counter without a phone.
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useT } from "#app/i18n/use-t";
import { requireUserPage } from "#app/auth/actor.server";
import { pickupSheet } from "#app/domain/pickup/check-in.server";
import { pageError } from "#app/http/pages.server";
import { formatWeight } from "#app/i18n/format";
import { Money } from "#app/ui/money";
import { pageTitle } from "#app/ui/page-title";

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => [
  { title: pageTitle(matches, "pickupSheet", [data?.point.methodName, data?.point.cycleName]) },
];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const caller = await requireUserPage(request);
  return pickupSheet(caller.actor, params.cycleId!, params.distributorId!, params.methodId!).catch(pageError);
}

export default function PickupSheet() {
  const { t, i18n } = useT("cycles");
  const { point, orders } = useLoaderData<typeof loader>();
  const base = `/admin/order-cycles/${point.cycleId}/pickup/${point.distributorId}/${point.methodId}`;
  return (
    <section aria-labelledby="sheet-heading" className="pickup-sheet">
      <p className="no-print">
        <Link to={base}>← {t("pickup.backToCheckIn")}</Link>
      </p>
      <div className="page-header">
        <div>
          <h1 id="sheet-heading">{t("pickup.sheetTitle", { point: point.methodName })}</h1>
          <p className="muted">{t("pickup.sheetIntro", { shop: point.distributorName, cycle: point.cycleName, count: orders.length })}</p>
          <p className="muted small">
            {[
              point.readyFor ? t("pickup.readyFor", { readyFor: point.readyFor }) : null,
              point.address,
              point.hours ? t("pickup.hours", { hours: point.hours }) : null,
            ]
              .filter(Boolean)
              .join(" · ")}
          </p>
        </div>
        <div className="no-print">
          <button type="button" className="button button-secondary" onClick={() => window.print()}>
            {t("pickup.print")}
          </button>
          <p className="hint">{t("pickup.printHint")}</p>
        </div>
      </div>
      {orders.length === 0 ? (
        <div className="card empty">{t("pickup.empty")}</div>
      ) : (
        <div className="table-wrap" tabIndex={0} role="region" aria-labelledby="sheet-heading">
          <table className="sheet-table">
            <caption className="visually-hidden">{t("pickup.sheetTitle", { point: point.methodName })}</caption>
            <thead>
              <tr>
                <th scope="col" className="sheet-tick">
                  {t("pickup.tick")}
                </th>
                <th scope="col">{t("pickup.buyer")}</th>
                <th scope="col">{t("pickup.order")}</th>
                <th scope="col">{t("pickup.items")}</th>
                <th scope="col" className="num">
                  {t("pickup.balance")}
                </th>
              </tr>
            </thead>
            <tbody>
              {orders.map((order) => (
                <tr key={order.id}>
                  <td className="sheet-tick">
                    <span className={`tick-box${order.fulfilmentState === "collected" ? " tick-box-done" : ""}`} aria-hidden="true">
                      {order.fulfilmentState === "collected" ? "✓" : ""}
                    </span>
                    <span className="visually-hidden">{t(`pickup.states.${order.fulfilmentState}`)}</span>
                  </td>
                  <td>
                    <strong>{order.buyerName || order.email}</strong>
                    {order.phone ? <div className="muted small">{order.phone}</div> : null}
                  </td>
                  <td>#{order.number}</td>
                  <td>
                    <ul className="sheet-items">
                      {order.lines.map((line) => (
                        <li key={`${line.productName}-${line.variantName}`}>
                          {line.quantity} × {line.productName} ({line.variantName})
                          {line.actualWeightGrams ? ` · ${formatWeight(line.actualWeightGrams, i18n.language)}` : ""}
                        </li>
                      ))}
                    </ul>
                    {order.notes.length ? <div className="muted small">{order.notes.join(" · ")}</div> : null}
                  </td>
                  <td className="num">{order.balanceCents > 0 ? <Money cents={order.balanceCents} /> : <span className="muted">{t("pickup.paid")}</span>}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
