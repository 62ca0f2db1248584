// Pieces shared by the enterprise pages: the page header, the kind badge, the settings tabs, and the time zone field.
import { NavLink } from "@remix-run/react";
import { useId, useMemo, type ReactNode } from "react";
import { useT } from "#app/i18n/use-t";
import type { KindLabel } from "#app/domain/enterprises/kinds";

export function KindBadge({ kind }: { kind: KindLabel }) {
  const { t } = useT("enterprises");
  return <span className={`badge badge-kind badge-kind-${kind}`}>{t(`kinds.${kind}`)}</span>;
}

/**
 * The head of an enterprise's own pages (products, fees, methods, customers): whose page it is, with
 * an optional way back before the name, the title, a lead, and the page's main action.
 */
export function EnterprisePageHeader({
  enterpriseName,
  back,
  title,
  lead,
  action,
}: {
  enterpriseName: string;
  back?: ReactNode;
  title: ReactNode;
  lead?: ReactNode;
  action?: ReactNode;
}) {
  return (
    <div className="page-header">
      <div>
        <p className="muted">
          {back ? <>{back} · </> : null}
          {enterpriseName}
        </p>
        <h1>{title}</h1>
        {lead ? <p className="muted page-lead">{lead}</p> : null}
      </div>
      {action ?? null}
    </div>
  );
}

/** Profile · Managers · Permissions; the last two only for the enterprise's managers. */
export function EnterpriseTabs({ enterpriseId, canAdminister }: { enterpriseId: string; canAdminister: boolean }) {
  const { t } = useT("enterprises");
  const base = `/admin/enterprises/${enterpriseId}`;
  return (
    <nav className="enterprise-tabs" aria-label={t("tabs.label")}>
      <ul>
        <li>
          <NavLink to={`${base}/settings`}>{t("tabs.profile")}</NavLink>
        </li>
        {canAdminister ? (
          <>
            <li>
              <NavLink to={`${base}/managers`}>{t("tabs.managers")}</NavLink>
            </li>
            <li>
              <NavLink to={`${base}/permissions`}>{t("tabs.permissions")}</NavLink>
            </li>
            <li>
              <NavLink to={`${base}/webhooks`}>{t("tabs.webhooks")}</NavLink>
            </li>
          </>
        ) : null}
      </ul>
    </nav>
  );
}

/** "America/Argentina/Buenos_Aires" → "America / Argentina / Buenos Aires": the closed select still shows the region. */
function zoneLabel(zone: string) {
  return zone.split("/").join(" / ").replace(/_/g, " ");
}

/** The IANA zones grouped by region ("Europe" › "Paris"), UTC first. */
export function TimeZoneField({
  zones,
  value,
  error,
  hint,
  label,
  name = "timeZone",
}: {
  zones: readonly string[];
  value: string;
  error?: string;
  hint?: string;
  label: string;
  name?: string;
}) {
  const id = useId();
  const groups = useMemo(() => {
    const byRegion = new Map<string, string[]>();
    for (const zone of zones) {
      if (!zone.includes("/")) continue;
      const region = zone.split("/")[0];
      byRegion.set(region, [...(byRegion.get(region) ?? []), zone]);
    }
    return [...byRegion.entries()].sort(([a], [b]) => a.localeCompare(b));
  }, [zones]);
  const known = zones.includes(value);
  const describedBy = [hint ? `${id}-hint` : null, error ? `${id}-error` : null].filter(Boolean).join(" ") || undefined;
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <select id={id} name={name} defaultValue={value} aria-invalid={error ? true : undefined} aria-describedby={describedBy}>
        {!known && value ? <option value={value}>{value}</option> : null}
        <option value="UTC">UTC</option>
        {groups.map(([region, regionZones]) => (
          <optgroup key={region} label={region}>
            {regionZones.map((zone) => (
              <option key={zone} value={zone}>
                {zoneLabel(zone)}
              </option>
            ))}
          </optgroup>
        ))}
      </select>
      {hint ? (
        <div id={`${id}-hint`} className="hint">
          {hint}
        </div>
      ) : null}
      {error ? (
        <div id={`${id}-error`} className="field-error">
          {error}
        </div>
      ) : null}
    </div>
  );
}
