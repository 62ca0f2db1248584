// The load generator, run as its own process so it does not share a CPU loop with the server.
// Reads a JSON config from the file named by argv[2], runs autocannon, prints one JSON line with the figures.
import { readFileSync } from "node:fs";
import autocannon from "autocannon";

const config = JSON.parse(readFileSync(process.argv[2], "utf8"));
let next = 0;
const bodies = config.bodies ?? null;
const options = {
  url: config.url,
  connections: config.connections ?? 10,
  method: config.method ?? "GET",
  headers: config.headers ?? {},
  timeout: 30,
};
if (config.amount) options.amount = config.amount;
else options.duration = config.duration ?? 5;
if (bodies) options.requests = [{ setupRequest: (request) => ({ ...request, body: bodies[next++ % bodies.length] }) }];
else if (config.body) options.body = config.body;
const result = await autocannon(options);
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
