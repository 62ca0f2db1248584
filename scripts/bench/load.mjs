// The load generator, run as its own process so it does not share a CPU loop with the server.
// Reads a JSON config from the file named by argv[2], runs autocannon, prints one JSON line with the figures.
import { readFileSync } from "node:fs";
import autocannon from "autocannon";

const config = JSON.parse(readFileSync(process.argv[2], "utf8"));
let next = 0;
const bodies = config.bodies ?? null;
const result = await autocannon({
  url: config.url,
  connections: config.connections ?? 10,
  duration: config.amount ? undefined : config.duration ?? 5,
  amount: config.amount,
  method: config.method ?? "GET",
  headers: config.headers ?? {},
  body: bodies ? undefined : config.body,
  requests: bodies
    ? [{ setupRequest: (request) => ({ ...request, body: bodies[next++ % bodies.length] }) }]
    : undefined,
  timeout: 30,
});
const statuses = {};
for (const [key, value] of Object.entries(result)) if (/^\dxx$/.test(key)) statuses[key] = value;
console.log(JSON.stringify({
  p50: result.latency.p50,
  p99: result.latency.p99,
  rps: result.requests.average,
  total: result.requests.total,
  non2xx: result.non2xx,
  errors: result.errors,
  timeouts: result.timeouts,
  statuses,
}));
