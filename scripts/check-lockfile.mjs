// Fails CI when `npm install` changed package-lock.json: the committed lock must be the one install
// leaves on any machine (every platform's optional packages listed), or `npm ci` elsewhere differs.
// `record` notes the lock's hash before the install; `verify` compares after it.
import { createHash } from "node:crypto";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";

const [mode, lockArgument, stateArgument] = process.argv.slice(2);
const lock = path.resolve(lockArgument ?? "package-lock.json");
const state = path.resolve(stateArgument ?? ".data/package-lock.sha256");
const hash = () => createHash("sha256").update(readFileSync(lock)).digest("hex");

if (mode === "record") {
  mkdirSync(path.dirname(state), { recursive: true });
  writeFileSync(state, `${hash()}\n`);
} else if (mode === "verify") {
  const before = readFileSync(state, "utf8").trim();
  if (hash() !== before) {
    console.error(`${path.relative(process.cwd(), lock)} changed during npm install: commit the lock it leaves (see git diff package-lock.json).`);
    process.exit(1);
  }
  console.log("package-lock.json unchanged by npm install");
} else {
  console.error("usage: node scripts/check-lockfile.mjs record|verify [package-lock.json] [state file]");
  process.exit(2);
}
