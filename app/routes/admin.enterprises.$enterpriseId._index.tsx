// /admin/enterprises/:id leads to the enterprise's settings.
import { redirect, type LoaderFunctionArgs } from "@remix-run/node";

export async function loader({ params }: LoaderFunctionArgs) {
  return redirect(`/admin/enterprises/${encodeURIComponent(params.enterpriseId!)}/settings`);
}
