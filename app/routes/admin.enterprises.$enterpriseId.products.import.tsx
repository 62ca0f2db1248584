// Import and export an enterprise's products as CSV (app/ui/imports, decision 0045).
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { importPageAction, importPageLoader } from "#app/http/import-page.server";
import { ImportPage } from "#app/ui/imports";
import { pageTitle } from "#app/ui/page-title";

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => [{ title: pageTitle(matches, "productsImport", [data?.enterprise.name]) }];

export const loader = (args: LoaderFunctionArgs) => importPageLoader(args, "products");
export const action = (args: ActionFunctionArgs) => importPageAction(args, "products");

export default ImportPage;
