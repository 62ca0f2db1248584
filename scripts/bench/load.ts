// The load generator, in its own process so it does not share an event loop with the server or
// the benchmark: reads a LoadConfig (JSON file named by argv[2]), runs autocannon, prints one JSON
// line of LoadResult. Paths and bodies rotate request by request.
import { readFileSync } from "node:fs";
import autocannon from "autocannon";

export type LoadConfig = {
  origin: string;
  /** Requested in turn, one per request. */
  paths: string[];
  method?: "GET" | "POST";
  headers?: Record<string, string>;
  /** Sent in turn, one per request (POST). */
  bodies?: string[];
  connections: number;
  /** Seconds of load, or else... */
  duration?: number;
  /** ...exactly this many requests. */
  amount?: number;
  /** Read every answer's status and error code (costs the load generator the bodies). */
  tally?: boolean;
};

export type LoadResult = {
  p50: number;
  p99: number;
  rps: number;
  total: number;
  non2xx: number;
  errors: number;
  timeouts: number;
  /** "201", "409 out_of_stock": each status, with the error code of JSON error answers. */
  answers: Record<string, number>;
};

const config: LoadConfig = JSON.parse(readFileSync(process.argv[2], "utf8"));
let nextPath = 0;
let nextBody = 0;
const answers: Record<string, number> = {};
const result = await autocannon({
  url: config.origin,
  connections: config.connections,
  method: config.method ?? "GET",
  headers: config.headers ?? {},
  timeout: 30,
  ...(config.amount ? { amount: config.amount } : { duration: config.duration ?? 5 }),
  requests: [
    {
      setupRequest: (request) => ({
        ...request,
        path: config.paths[nextPath++ % config.paths.length],
        ...(config.bodies ? { body: config.bodies[nextBody++ % config.bodies.length] } : {}),
      }),
      onResponse: config.tally ? tally : undefined,
    },
  ],
});

function tally(status: number, body: string) {
  let key = String(status);
  if (status >= 400) {
    try {
      key += ` ${JSON.parse(body).error?.code ?? ""}`.trimEnd();
    } catch {
      // not JSON: the status alone
    }
  }
  answers[key] = (answers[key] ?? 0) + 1;
}

const output: LoadResult = {
  p50: result.latency.p50,
  p99: result.latency.p99,
  rps: result.requests.average,
  total: result.requests.total,
  non2xx: result.non2xx,
  errors: result.errors,
  timeouts: result.timeouts,
  answers,
};
console.log(JSON.stringify(output));
