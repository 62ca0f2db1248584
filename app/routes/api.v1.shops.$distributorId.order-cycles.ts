// GET /api/v1/shops/:distributorId/order-cycles: the open cycles this caller may order from, in the shop's order, each with
// its public minimum thresholds and their progress.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { shopCyclesForBuyer } from "#app/domain/shop/catalogue.server";
import { publicThresholdJson, thresholdsOfCycles } from "#app/domain/thresholds/queries.server";
import { apiBuyer, jsonResponse, optionalCaller, publicApi } from "#app/http/api.server";

export async function loader(args: LoaderFunctionArgs) {
  return publicApi(args, async ({ request, params }) => {
    const caller = await optionalCaller(request);
    const { open, closed } = await shopCyclesForBuyer(params.distributorId!, apiBuyer(request, caller));
    // Every open cycle's public minimums in one query.
    const thresholds = await thresholdsOfCycles(
      open.map((cycle) => cycle.cycleId),
      { distributorId: params.distributorId! },
    );
    return jsonResponse({
      items: open.map((cycle) => ({
        id: cycle.cycleId,
        readyFor: cycle.readyFor,
        opensAt: cycle.opensAt?.toISOString() ?? null,
        closesAt: cycle.closesAt?.toISOString() ?? null,
        // Caps reached (docs/domain.md 12): a full cycle takes no order, a full pickup point cannot be chosen.
        full: cycle.full ?? false,
        fullShippingMethodIds: cycle.fullShippingMethodIds ?? [],
        thresholds: thresholds.filter((threshold) => threshold.orderCycleId === cycle.cycleId).map(publicThresholdJson),
      })),
      nextCursor: null,
      nextOpensAt: closed.nextOpensAt?.toISOString() ?? null,
      lastClosedAt: closed.lastClosedAt?.toISOString() ?? null,
    });
  });
}
