// `npm run worker` as a real child process on the test file's database, for tests that kill it,
// or run several: node itself with tsx (not the npm or tsx wrapper), so a signal reaches the
// process that holds the jobs. Its environment is given explicitly.
import { spawn, type ChildProcess } from "node:child_process";
import path from "node:path";

const root = path.resolve(import.meta.dirname, "../..");
const running = new Set<WorkerProcess>();

export type WorkerProcess = {
  child: ChildProcess;
  output(): string;
  /** Resolves once the worker has started (its start-up sweep queued). */
  ready: Promise<void>;
  /** Resolves when the process has exited. */
  exited: Promise<void>;
  /** SIGTERM (a graceful stop), or SIGKILL; resolves once it has exited. */
  stop(signal?: "SIGTERM" | "SIGKILL"): Promise<void>;
};

export function startWorkerProcess(env: Record<string, string>): WorkerProcess {
  let output = "";
  const child: ChildProcess = spawn(process.execPath, ["--import", "tsx", "scripts/worker.ts"], {
    cwd: root,
    env: {
      PATH: process.env.PATH ?? "",
      HOME: process.env.HOME ?? "",
      NODE_ENV: "production",
      DATABASE_URL: process.env.DATABASE_URL!,
      APP_URL: process.env.APP_URL ?? "http://localhost:3000",
      DATA_DIR: path.join(root, ".data/test/worker-process"),
      ...env,
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  child.stdout?.on("data", (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on("data", (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  const ready = new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the worker was not ready within 60 s:\n${output}`)), 60_000);
    const check = setInterval(() => {
      if (!output.includes("Circuit worker running")) return;
      clearInterval(check);
      clearTimeout(timer);
      resolve();
    }, 50);
    child.once("exit", (code, signal) => {
      clearInterval(check);
      clearTimeout(timer);
      reject(new Error(`the worker exited (${code ?? signal}) before it was ready:\n${output}`));
    });
  });
  ready.catch(() => {});
  const handle: WorkerProcess = {
    child,
    output: () => output,
    ready,
    exited,
    async stop(signal = "SIGTERM") {
      running.delete(handle);
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      await exited;
    },
  };
  running.add(handle);
  return handle;
}

/** For afterAll: kills whatever a failed test left running. */
export async function killWorkerProcesses() {
  await Promise.all([...running].map((worker) => worker.stop("SIGKILL")));
}
