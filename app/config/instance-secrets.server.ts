// The secrets an instance makes for itself: generated once, by whichever process starts first,
// and kept in the database, so every web server and worker of one database signs and checks the
// same cookies and links with nothing copied by hand. An operator's SESSION_SECRET wins.
import { randomBytes } from "node:crypto";
import postgres from "postgres";
import { settings } from "./settings.server";

const SESSION_SECRET = "session_secret";

let sessionSecretValue: string | undefined;

/**
 * Reads (or creates, once per database) the instance's secrets. Every process calls it at start,
 * before it serves or runs a job: with a fixed connection of its own, so it works before the app's
 * pool exists and whatever that pool's settings.
 */
export async function loadInstanceSecrets(databaseUrl = settings().databaseUrl): Promise<void> {
  const override = settings().sessionSecretOverride;
  if (override) {
    sessionSecretValue = override;
    return;
  }
  if (!databaseUrl) throw new Error("The instance's secrets live in the database, and DATABASE_URL is not set.");
  const sql = postgres(databaseUrl, { max: 1, onnotice: () => {}, connect_timeout: 10 });
  try {
    // The first process to start writes it; every later one (and a racing one) reads that row.
    await sql`insert into instance_secrets (name, value) values (${SESSION_SECRET}, ${randomBytes(32).toString("hex")}) on conflict (name) do nothing`;
    const [row] = await sql<{ value: string }[]>`select value from instance_secrets where name = ${SESSION_SECRET}`;
    sessionSecretValue = row.value;
  } finally {
    await sql.end({ timeout: 5 });
  }
}

/** The secret that signs the cart cookie and the buyers' order links. Never a literal fallback. */
export function sessionSecret(): string {
  if (sessionSecretValue) return sessionSecretValue;
  const override = settings().sessionSecretOverride;
  if (override) return override;
  throw new Error("The instance's secrets are not loaded: a process must call loadInstanceSecrets() when it starts.");
}
