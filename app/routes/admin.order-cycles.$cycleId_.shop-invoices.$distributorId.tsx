// The form behind "Issue the invoices of this shop" on a cycle's orders page: invoices every placed
// order of that shop in the cycle not yet invoiced (issueShopInvoices), then back to the orders
// with how many were issued. That shop's managers or the coordinator's.
import { redirect, type ActionFunctionArgs } from "@remix-run/node";
import { requireUserPage } from "#app/auth/actor.server";
import { issueShopInvoices } from "#app/domain/invoices/issue.server";
import { handleForm } from "#app/http/forms.server";
import { resolveLocale } from "#app/i18n/locale.server";

export async function action({ request, params }: ActionFunctionArgs) {
  const caller = await requireUserPage(request);
  const locale = await resolveLocale(request, caller.user.locale);
  const form = await request.formData();
  const { cycleId, distributorId } = params as { cycleId: string; distributorId: string };
  return handleForm({ request, locale, form }, async () => {
    const { issued } = await issueShopInvoices(caller.actor, cycleId, distributorId);
    throw redirect(`/admin/order-cycles/${cycleId}/orders?invoicesIssued=${issued}&shop=${encodeURIComponent(distributorId)}#shop-invoices-heading`);
  });
}
