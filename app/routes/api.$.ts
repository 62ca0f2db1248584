// Any /api/… address no endpoint knows: 404 in the contract's JSON shape, not the HTML error page
// the catch-all `$.tsx` gives to browsers.
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { DomainError } from "#app/domain/errors";
import { publicApi } from "#app/http/api.server";

const notFound = (args: LoaderFunctionArgs | ActionFunctionArgs) =>
  publicApi(args, async () => {
    throw new DomainError("not_found");
  });

export const loader = notFound;
export const action = notFound;
