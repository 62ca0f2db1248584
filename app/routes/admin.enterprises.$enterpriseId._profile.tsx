// The frame of an enterprise's own pages (profile, managers, permissions): its name and kind, the
// link to its shop, and the tabs, drawn once here; each tab's page checks its own access.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { Outlet, useLoaderData } from "@remix-run/react";
import { requireUserPage } from "#app/auth/actor.server";
import { enterpriseHeader } from "#app/domain/enterprises/queries.server";
import { pageError } from "#app/http/pages.server";
import { useT } from "#app/i18n/use-t";
import { EnterpriseTabs, KindBadge } from "#app/ui/enterprise";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const caller = await requireUserPage(request);
  return enterpriseHeader(caller.actor, params.enterpriseId!).catch(pageError);
}

export default function EnterpriseProfileFrame() {
  const { t } = useT("enterprises");
  const { t: tc } = useT();
  const enterprise = useLoaderData<typeof loader>();
  return (
    <>
      <div className="page-header">
        <div>
          <p className="muted">{tc("nav.settings")}</p>
          <h1 className="enterprise-title">
            {enterprise.name} <KindBadge kind={enterprise.kindLabel} />
          </h1>
        </div>
        {enterprise.hasShop ? (
          <a href={`/shop/${enterprise.id}`} className="button button-secondary button-small" target="_blank" rel="noreferrer">
            {t("settings.viewShop")}
          </a>
        ) : null}
      </div>
      <EnterpriseTabs enterpriseId={enterprise.id} canAdminister={enterprise.canAdminister} />
      <Outlet />
    </>
  );
}
