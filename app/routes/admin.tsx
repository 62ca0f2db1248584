// The admin frame: enterprise switcher and left navigation around every management page.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { NavLink, Outlet, useLoaderData, useLocation, useNavigate, useParams } from "@remix-run/react";
import { useT } from "#app/i18n/use-t";
import { requireUserPage } from "#app/auth/actor.server";
import { enterprisesForAdmin } from "#app/domain/enterprises/queries.server";

export async function loader({ request }: LoaderFunctionArgs) {
  const caller = await requireUserPage(request);
  return { enterprises: await enterprisesForAdmin(caller.actor) };
}

const profileTabs = new Set(["managers", "permissions"]);

export default function AdminLayout() {
  const { t } = useT();
  const { enterprises } = useLoaderData<typeof loader>();
  const params = useParams();
  const location = useLocation();
  const navigate = useNavigate();
  const current = enterprises.find((enterprise) => enterprise.id === params.enterpriseId) ?? enterprises[0];
  const section = location.pathname.startsWith("/admin/enterprises/") ? (location.pathname.split("/")[4] ?? "settings") : "settings";

  return (
    <div className="admin">
      <aside className="admin-nav">
        {enterprises.length > 0 && current ? (
          <div className="switcher">
            <label htmlFor="enterprise-switcher">{t("nav.enterprise")}</label>
            <select id="enterprise-switcher" value={current.id} onChange={(event) => navigate(`/admin/enterprises/${event.currentTarget.value}/${section}`)}>
              {enterprises.map((enterprise) => (
                <option key={enterprise.id} value={enterprise.id}>
                  {enterprise.name}
                </option>
              ))}
            </select>
          </div>
        ) : null}
        <nav aria-label={t("nav.main")}>
          <ul>
            <li>
              <NavLink to="/admin" end>
                {t("nav.admin")}
              </NavLink>
            </li>
            <li>
              <NavLink to="/admin/order-cycles">{t("nav.orderCycles")}</NavLink>
            </li>
            {current ? (
              <>
                <li>
                  <NavLink to={`/admin/enterprises/${current.id}/products`}>{t("nav.products")}</NavLink>
                </li>
                <li>
                  <NavLink to={`/admin/enterprises/${current.id}/fees`}>{t("nav.fees")}</NavLink>
                </li>
                <li>
                  <NavLink to={`/admin/enterprises/${current.id}/methods`}>{t("nav.methods")}</NavLink>
                </li>
                {current.kind !== "profile" ? (
                  <li>
                    <NavLink to={`/admin/enterprises/${current.id}/customers`}>{t("nav.customers")}</NavLink>
                  </li>
                ) : null}
                {current.kind !== "profile" ? (
                  <li>
                    <NavLink to={`/admin/enterprises/${current.id}/promo-codes`}>{t("nav.promoCodes")}</NavLink>
                  </li>
                ) : null}
                <li>
                  {/* The profile's managers and permissions tabs are part of "Enterprise settings". */}
                  <NavLink
                    to={`/admin/enterprises/${current.id}/settings`}
                    className={({ isActive }) => (isActive || profileTabs.has(section) ? "active" : "")}
                  >
                    {t("nav.settings")}
                  </NavLink>
                </li>
              </>
            ) : null}
          </ul>
        </nav>
      </aside>
      <main id="main" className="admin-main">
        <Outlet />
      </main>
    </div>
  );
}
