// Pickup day for a cycle: its pickup points the caller may check in (every shop's for the
// coordinator, its own for a distributor), each with its orders to collect, collected and no-shows,
// and the way to its check-in page and printable sheet.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useT } from "#app/i18n/use-t";
import { requireUserPage } from "#app/auth/actor.server";
import { pickupPointsOfCycle } from "#app/domain/pickup/check-in.server";
import { pageError } from "#app/http/pages.server";
import { useCycleEditor } from "./admin.order-cycles.$cycleId";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const caller = await requireUserPage(request);
  return { points: await pickupPointsOfCycle(caller.actor, params.cycleId!).catch(pageError) };
}

export default function CyclePickup() {
  const { t } = useT("cycles");
  const { points } = useLoaderData<typeof loader>();
  const { cycle } = useCycleEditor();
  return (
    <section aria-labelledby="pickup-heading">
      <h2 id="pickup-heading">{t("pickup.heading")}</h2>
      <p className="muted">{t("pickup.intro")}</p>
      {points.length === 0 ? (
        <div className="card empty">{t("pickup.empty")}</div>
      ) : (
        <ul className="pickup-points">
          {points.map((point) => {
            const base = `/admin/order-cycles/${cycle.id}/pickup/${point.distributorId}/${point.methodId}`;
            // A capped point says how many of its places are taken (docs/domain.md 12).
            const exchange = cycle.outgoing.find((candidate) => candidate.distributor.id === point.distributorId);
            const cap = (exchange && "shippingMethodCaps" in exchange ? exchange.shippingMethodCaps : undefined)?.find(
              (entry) => entry.shippingMethodId === point.methodId,
            );
            return (
              <li key={`${point.distributorId}-${point.methodId}`} className="card">
                <h3>{point.methodName}</h3>
                <p className="muted">{[point.distributorName, point.address].filter(Boolean).join(" · ")}</p>
                {cap ? (
                  <p>
                    <span className={`badge ${cap.placedOrders >= cap.maxOrders ? "badge-closed" : "badge-neutral"}`}>
                      {t("outgoing.capPlaced", { count: cap.placedOrders, max: cap.maxOrders })}
                    </span>
                  </p>
                ) : null}
                <dl className="checkin-counts">
                  <div>
                    <dt>{t("pickup.toCollect")}</dt>
                    <dd>{point.pending}</dd>
                  </div>
                  <div>
                    <dt>{t("pickup.collected")}</dt>
                    <dd>{point.collected}</dd>
                  </div>
                  <div>
                    <dt>{t("pickup.noShow")}</dt>
                    <dd>{point.noShow}</dd>
                  </div>
                </dl>
                <p className="pickup-point-links">
                  <Link to={base} className="button" aria-label={t("pickup.checkInFor", { point: point.methodName, shop: point.distributorName })}>
                    {t("pickup.checkIn")}
                  </Link>{" "}
                  <Link to={`${base}/sheet`}>{t("pickup.sheet")}</Link>
                </p>
              </li>
            );
          })}
        </ul>
      )}
    </section>
  );
}
