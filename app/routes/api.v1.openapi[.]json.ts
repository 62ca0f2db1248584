// GET /api/v1/openapi.json: the OpenAPI 3.1 document of every /api/v1 route. Public.
import { jsonResponse, publicApi } from "#app/http/api.server";
import { openApiDocument } from "#app/http/openapi/document.server";
import type { LoaderFunctionArgs } from "@remix-run/node";

export async function loader(args: LoaderFunctionArgs) {
  return publicApi(args, async () => jsonResponse(openApiDocument()));
}
