// GET /api/v1/order-cycles (cycles the caller is involved in, a page at a time) and POST (create one).
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { DomainError } from "#app/domain/errors";
import { createOrderCycle } from "#app/domain/order-cycles/commands.server";
import { listCyclesForActor, viewCycleForActor } from "#app/domain/order-cycles/queries.server";
import { cycleStates, type CycleState } from "#app/domain/order-cycles/state";
import { authedApi, jsonResponse, methodNotAllowed, readJson } from "#app/http/api.server";

export async function loader(args: LoaderFunctionArgs) {
  return authedApi(args, async ({ request, actor }) => {
    const url = new URL(request.url);
    const state = url.searchParams.get("state");
    const days = url.searchParams.get("includeClosedDays");
    if (state !== null && !(cycleStates as readonly string[]).includes(state)) {
      throw new DomainError("validation_failed", { state: { key: "invalidChoice" } });
    }
    if (days !== null && !/^\d{1,4}$/.test(days)) throw new DomainError("validation_failed", { includeClosedDays: { key: "notANumber" } });
    const limit = url.searchParams.get("limit");
    if (limit !== null && !/^\d{1,3}$/.test(limit)) throw new DomainError("validation_failed", { limit: { key: "notANumber" } });
    return jsonResponse(
      await listCyclesForActor(actor, {
        state: (state as CycleState | null) ?? undefined,
        includeClosedDays: days === null ? 30 : Number(days),
        limit: limit === null ? undefined : Number(limit),
        cursor: url.searchParams.get("cursor"),
        externalId: url.searchParams.get("externalId"),
      }),
    );
  });
}

export async function action(args: ActionFunctionArgs) {
  if (args.request.method !== "POST") return methodNotAllowed();
  return authedApi(args, async ({ request, actor }) => {
    // API clients state their intent: a cycle created closed is what they asked for.
    const id = await createOrderCycle(actor, { confirmClosed: true, ...(await readJson(request)) });
    return jsonResponse(await viewCycleForActor(actor, id), 201);
  });
}
