// Fails when server-only code (database, mail, payments) leaked into the browser bundle.
import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";

const forbidden = [/drizzle-orm/, /postgres\.js|from"postgres"|\bpostgres\(\w+,\s*\{/, /nodemailer/, /api\.stripe\.com/, /argon2/];
const root = "public/build";
const offenders = [];
function walk(dir) {
  for (const name of readdirSync(dir)) {
    const file = path.join(dir, name);
    if (statSync(file).isDirectory()) walk(file);
    else if (file.endsWith(".js")) {
      const text = readFileSync(file, "utf8");
      for (const pattern of forbidden) if (pattern.test(text)) offenders.push(`${file}: ${pattern}`);
    }
  }
}
walk(root);
if (offenders.length) {
  console.error("Server-only code found in the browser bundle:\n" + offenders.join("\n"));
  process.exit(1);
}
console.log("browser bundle is free of server-only code");
