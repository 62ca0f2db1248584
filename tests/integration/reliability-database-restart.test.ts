// docs/quality.md R8: the database restarts while the app runs. Requests fail cleanly (503
// "unavailable", nothing half-done), then succeed again without restarting the app.
import { randomBytes } from "node:crypto";
import path from "node:path";
import { closeDb } from "#db/connection.server";
import { startEmbeddedPostgres, type EmbeddedServer } from "#db/embedded";
import { migrateDatabase } from "#db/migrate";
import * as enterprisesRoute from "#app/routes/api.v1.enterprises";
import { callRoute, json } from "#tests/support/http";
import { createUser, type TestUser } from "#tests/support/world";
import { setEnv } from "#tests/support/settings";

const dataDir = path.resolve(`.data/test/r8-${randomBytes(4).toString("hex")}`);
let server: EmbeddedServer;
let user: TestUser;
const originalUrl = process.env.DATABASE_URL;

beforeAll(async () => {
  server = await startEmbeddedPostgres({ dataDir, database: "circuit_r8", fast: true });
  await migrateDatabase(server.url);
  await closeDb();
  setEnv({ DATABASE_URL: server.url });
  user = await createUser({ name: "Through the restart" });
}, 120_000);

afterAll(async () => {
  await closeDb();
  setEnv({ DATABASE_URL: originalUrl });
  await server?.stop().catch(() => {});
});

const listEnterprises = () => callRoute(enterprisesRoute, { path: "/api/v1/enterprises", token: user.token });

describe("R8: the database restarts under a running app", () => {
  test("answers 503 while it is down and recovers on its own", async () => {
    expect((await listEnterprises()).status).toBe(200);

    await server.stop();
    const down = await listEnterprises();
    expect(down.status).toBe(503);
    expect(down.headers.get("Retry-After")).toBe("5");
    expect((await json(down)).error.code).toBe("unavailable");

    server = await startEmbeddedPostgres({ dataDir, database: "circuit_r8", port: server.port, fast: true });
    let status = 0;
    for (let attempt = 0; attempt < 20 && status !== 200; attempt += 1) {
      status = (await listEnterprises()).status;
      if (status !== 200) await new Promise((resolve) => setTimeout(resolve, 250));
    }
    expect(status).toBe(200);
  }, 120_000);

});
