// GET /api/v1/enterprises/:enterpriseId/products.csv: its live products in the import's columns (docs/api.md).
import type { LoaderFunctionArgs } from "@remix-run/node";
import { exportProductsCsv } from "#app/domain/imports/products.server";
import { authedApi } from "#app/http/api.server";
import { csvDownload } from "#app/http/imports.server";

export async function loader(args: LoaderFunctionArgs) {
  return authedApi(args, async ({ params, actor }) => csvDownload(await exportProductsCsv(actor, params.enterpriseId!), "products.csv"));
}
