// The admin home: the enterprises I run as cards, then those that granted me something.
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useT } from "#app/i18n/use-t";
import { requireUserPage } from "#app/auth/actor.server";
import { adminHome, type EnterpriseCard } from "#app/domain/enterprises/queries.server";
import { KindBadge } from "#app/ui/enterprise";
import { pageTitle } from "#app/ui/page-title";

export const meta: MetaFunction = ({ matches }) => [{ title: pageTitle(matches, "myEnterprises") }];

export async function loader({ request }: LoaderFunctionArgs) {
  const caller = await requireUserPage(request);
  return adminHome(caller.actor);
}

function Card({ enterprise, level }: { enterprise: EnterpriseCard; level: 2 | 3 }) {
  const Heading = level === 2 ? "h2" : "h3";
  const { t } = useT("enterprises");
  const base = `/admin/enterprises/${enterprise.id}`;
  return (
    <article className="card enterprise-card">
      <div className="enterprise-card-head">
        <Heading>
          <Link to={`${base}/settings`}>{enterprise.name}</Link>
        </Heading>
        <KindBadge kind={enterprise.kindLabel} />
      </div>
      {enterprise.description ? <p className="muted enterprise-card-description">{enterprise.description}</p> : null}
      <ul className="enterprise-card-links">
        <li>
          <Link to={`${base}/settings`}>{t("list.settings")}</Link>
        </li>
        {enterprise.hasProducts && enterprise.rights.manageProducts ? (
          <li>
            <Link to={`${base}/products`}>{t("list.products")}</Link>
          </li>
        ) : null}
        {enterprise.rights.administer ? (
          <li>
            <Link to={`${base}/managers`}>{t("list.managers")}</Link>
          </li>
        ) : null}
      </ul>
    </article>
  );
}

export default function AdminHome() {
  const { t } = useT("enterprises");
  const { managed, partners } = useLoaderData<typeof loader>();
  return (
    <>
      <div className="page-header">
        <div>
          <h1>{t("list.title")}</h1>
          <p className="muted">{t("list.lead")}</p>
        </div>
        {managed.length > 0 ? (
          <Link to="/admin/enterprises/new" className="button">
            {t("list.create")}
          </Link>
        ) : null}
      </div>
      {managed.length === 0 ? (
        <section className="card empty enterprise-empty">
          <h2>{t("list.emptyTitle")}</h2>
          <p>{t("list.emptyBody")}</p>
          <Link to="/admin/enterprises/new" className="button">
            {t("list.create")}
          </Link>
        </section>
      ) : (
        <section aria-label={t("list.title")} className="grid-cards enterprise-grid">
          {managed.map((enterprise) => (
            <Card key={enterprise.id} enterprise={enterprise} level={2} />
          ))}
        </section>
      )}
      {partners.length > 0 ? (
        <section className="enterprise-partners" aria-labelledby="partners-title">
          <h2 id="partners-title">{t("list.grantedTitle")}</h2>
          <p className="muted">{t("list.grantedLead")}</p>
          <div className="grid-cards enterprise-grid">
            {partners.map((enterprise) => (
              <Card key={enterprise.id} enterprise={enterprise} level={3} />
            ))}
          </div>
        </section>
      ) : null}
    </>
  );
}
