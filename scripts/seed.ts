// `npm run seed`: load the demo data into an empty database (DATABASE_URL, or the embedded one under DATA_DIR).
import path from "node:path";
import { startEmbeddedPostgres } from "../db/embedded";
import { migrateDatabase } from "../db/migrate";
import { loadInstanceSecrets } from "../app/config/instance-secrets.server";
import { reloadSettings, settingsAtStart } from "../app/config/settings.server";

const settings = settingsAtStart();
const embedded = settings.databaseUrl ? undefined : await startEmbeddedPostgres({ dataDir: path.join(settings.dataDir, "postgres"), database: "circuit" });
process.env.DATABASE_URL = settings.databaseUrl ?? embedded!.url;
reloadSettings();
await migrateDatabase(process.env.DATABASE_URL);
// The demo writes emails with signed links (suppliers' confirmations, unsubscribes), as `npm start` does.
await loadInstanceSecrets(process.env.DATABASE_URL);
const { seedDemoIfEmpty } = await import("../db/seed");
const { closeDb } = await import("../db/connection.server");
const result = await seedDemoIfEmpty();
if (result) {
  console.log(`Demo data loaded. Password for every login: ${result.password}`);
  for (const login of result.users) console.log(`  ${login.role.padEnd(28)} ${login.email}`);
} else {
  console.log("The database already has users: nothing seeded.");
}
await closeDb();
await embedded?.stop();
