// "in 3 days", "dans 5 heures": how long until an instant, rounded the way people say it.
export function timeLeft(until: string, now: string, locale: string) {
  const minutes = Math.max(0, Math.round((new Date(until).getTime() - new Date(now).getTime()) / 60_000));
  const format = new Intl.RelativeTimeFormat(locale === "fr" ? "fr" : "en", { numeric: "auto" });
  if (minutes >= 2 * 24 * 60) return format.format(Math.round(minutes / (24 * 60)), "day");
  if (minutes >= 120) return format.format(Math.round(minutes / 60), "hour");
  return format.format(minutes, "minute");
}

/** A close months away (a cycle that never really closes): a countdown in days would read oddly. */
export function closesFarAhead(until: string, now: string) {
  return new Date(until).getTime() - new Date(now).getTime() > 75 * 24 * 60 * 60 * 1000;
}
