// The benchmark's ceiling: a bare loader returning a constant, to measure the server's own
// overhead in the same run (docs/quality.md P1). Absent (404) unless BENCH_ROUTES=1.
import { settings } from "#app/config/settings.server";

export async function loader() {
  if (!settings().benchRoutes) throw new Response(null, { status: 404 });
  return Response.json({ ok: true });
}
