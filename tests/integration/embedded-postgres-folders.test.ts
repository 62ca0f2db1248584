// The embedded server started as root never changes a system folder: it only adds the search bit
// for others to a folder above its data that lacks it, and never removes a bit (issue 14).
import { randomBytes } from "node:crypto";
import { chmodSync, mkdirSync, rmSync, statSync } from "node:fs";
import path from "node:path";
import { makeParentsEnterable, startEmbeddedPostgres, type EmbeddedServer } from "#db/embedded";

const modeOf = (folder: string) => statSync(folder).mode & 0o7777;
const base = path.resolve(`.data/test/folders-${randomBytes(4).toString("hex")}`);
const tmpMode = modeOf("/tmp");
let server: EmbeddedServer | undefined;

afterAll(async () => {
  await server?.stop().catch(() => {});
  // Should a regression strip /tmp, give it back its mode rather than break the machine.
  if (modeOf("/tmp") !== tmpMode) chmodSync("/tmp", tmpMode);
  rmSync(base, { recursive: true, force: true });
});

describe.runIf(process.getuid?.() === 0)("as root, the folders above the embedded database", () => {
  test("/tmp keeps its sticky, world-writable mode when a data folder below it is prepared", () => {
    // Nothing is created under /tmp: the folders are only walked up from a path that does not exist.
    makeParentsEnterable(`/tmp/circuit-${randomBytes(4).toString("hex")}/data/db`);
    expect(modeOf("/tmp").toString(8)).toBe(tmpMode.toString(8));
  });

  test("a folder missing the search bit for others gains only that bit; an enterable one is left alone", () => {
    const closed = path.join(base, "closed");
    const sticky = path.join(closed, "sticky");
    const open = path.join(sticky, "open");
    mkdirSync(open, { recursive: true });
    chmodSync(closed, 0o750);
    chmodSync(sticky, 0o1770);
    chmodSync(open, 0o711);

    makeParentsEnterable(path.join(open, "db"));

    expect(modeOf(closed).toString(8)).toBe("751");
    expect(modeOf(sticky).toString(8)).toBe("1771");
    expect(modeOf(open).toString(8)).toBe("711");
  });

  test("a server whose data sits below a closed folder starts, and /tmp is unchanged afterwards", async () => {
    const closed = path.join(base, "private");
    mkdirSync(closed, { recursive: true });
    chmodSync(closed, 0o700);
    server = await startEmbeddedPostgres({ dataDir: path.join(closed, "pg", "db"), database: "circuit_folders", fast: true });
    expect(modeOf(closed).toString(8)).toBe("701");
    expect(modeOf("/tmp").toString(8)).toBe(tmpMode.toString(8));
  }, 120_000);
});
