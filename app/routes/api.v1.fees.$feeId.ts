// GET, PATCH and DELETE (archive) /api/v1/fees/:feeId.
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { withDescription } from "#app/domain/fees/descriptions.server";
import { archiveFee, getFee, updateFee } from "#app/domain/fees/fees.server";
import { authedApi, jsonResponse, methodNotAllowed, noContent, readJson } from "#app/http/api.server";

export async function loader(args: LoaderFunctionArgs) {
  return authedApi(args, async ({ params, actor, locale }) => jsonResponse(withDescription(await getFee(actor, params.feeId!), locale)));
}

export async function action(args: ActionFunctionArgs) {
  const method = args.request.method;
  if (method === "PATCH") {
    return authedApi(args, async ({ request, params, actor, locale }) =>
      jsonResponse(withDescription(await updateFee(actor, params.feeId!, await readJson(request)), locale)),
    );
  }
  if (method === "DELETE") {
    return authedApi(args, async ({ params, actor }) => {
      await archiveFee(actor, params.feeId!);
      return noContent();
    });
  }
  return methodNotAllowed();
}
