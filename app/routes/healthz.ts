// Liveness and database reachability, for load balancers.
import { sql } from "drizzle-orm";
import { getDb } from "#db/connection.server";

export async function loader() {
  try {
    await getDb().execute(sql`select 1`);
    return Response.json({ status: "ok" });
  } catch {
    return Response.json({ status: "database_unreachable" }, { status: 503 });
  }
}
