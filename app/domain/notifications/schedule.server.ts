// Wakes the worker at a cycle's close: a job per cycle at closes_at, added in the transaction that
// sets the date. The minute sweep catches anything this misses (no queue yet, worker down).
import { addJob, isJobQueueInstalled } from "#app/jobs/queue.server";
import type { Executor } from "#db/connection.server";

export async function scheduleCycleClose(tx: Executor, cycleId: string, closesAt: Date | null, now = new Date()) {
  if (!closesAt || closesAt.getTime() <= now.getTime()) return;
  if (!(await isJobQueueInstalled(tx))) return;
  await addJob("close_cycles", {}, { jobKey: `close-cycle:${cycleId}`, runAt: closesAt }, tx);
}
