// GET /api/v1/enterprises/:enterpriseId/customers.csv: its customers in the import's columns (docs/api.md).
import type { LoaderFunctionArgs } from "@remix-run/node";
import { exportCustomersCsv } from "#app/domain/imports/customers.server";
import { authedApi } from "#app/http/api.server";
import { csvDownload } from "#app/http/imports.server";

export async function loader(args: LoaderFunctionArgs) {
  return authedApi(args, async ({ params, actor }) => csvDownload(await exportCustomersCsv(actor, params.enterpriseId!), "customers.csv"));
}
