// Sends one webhook delivery (docs/domain.md 14; decision 0042): the row stays locked from the read
// to the recorded outcome, so two workers never send it twice; a 2xx within the timeout is delivered,
// anything else is retried on the schedule until 24 h have passed; an endpoint failing for 3 days is
// disabled and its enterprise's managers told. At least once: a process killed after the receiver
// answered but before the commit sends it again, with the same event id for the receiver to skip.
import http from "node:http";
import https from "node:https";
import type { LookupFunction } from "node:net";
import { and, eq, sql } from "drizzle-orm";
import { getDb, type Executor } from "#db/connection.server";
import { webhookDeliveries, webhookEndpoints } from "#db/schema";
import { addJob } from "#app/jobs/queue.server";
import { WEBHOOK_JOB_KEY_PREFIX } from "./emit.server";
import { ATTEMPT_TIMEOUT_MS, nextAttemptAt, shouldDisable } from "./schedule";
import { signatureHeader } from "./signature";
import { resolveTarget, UnsafeTargetError, type Target } from "./url-guard.server";
import { queueEndpointDisabledEmail } from "./disabled-email.server";

export type WebhookOutcome = "delivered" | "retry" | "failed" | "skipped";

type Attempt = { ok: boolean; status: number | null; error: string | null; durationMs: number };

/** What a receiver answered is kept short in the log. */
const MAX_ERROR = 500;

function post(target: Target, body: string, headers: Record<string, string>): Promise<Omit<Attempt, "durationMs">> {
  // Connect to the address that was checked, not to whatever the name resolves to a moment later.
  const pinned: LookupFunction = (_hostname, options, callback) => {
    if (options && typeof options === "object" && "all" in options && options.all) callback(null, [{ address: target.address, family: target.family }]);
    else callback(null, target.address, target.family);
  };
  const transport = target.url.protocol === "https:" ? https : http;
  return new Promise((resolve) => {
    const request = transport.request(
      target.url,
      {
        method: "POST",
        headers: { ...headers, "Content-Type": "application/json", "Content-Length": Buffer.byteLength(body).toString() },
        lookup: pinned,
        timeout: ATTEMPT_TIMEOUT_MS,
      },
      (response) => {
        const status = response.statusCode ?? 0;
        let text = "";
        response.setEncoding("utf8");
        response.on("data", (chunk: string) => {
          if (text.length < MAX_ERROR) text += chunk;
        });
        response.on("end", () =>
          resolve({
            ok: status >= 200 && status < 300,
            status,
            error: status >= 200 && status < 300 ? null : `HTTP ${status}${text ? `: ${text.slice(0, MAX_ERROR)}` : ""}`,
          }),
        );
        response.on("error", (error) => resolve({ ok: false, status, error: error.message }));
      },
    );
    request.on("timeout", () => request.destroy(new Error(`no answer within ${ATTEMPT_TIMEOUT_MS / 1000} s`)));
    request.on("error", (error) => resolve({ ok: false, status: null, error: error.message.slice(0, MAX_ERROR) }));
    request.end(body);
  });
}

async function attempt(url: string, body: string, headers: Record<string, string>): Promise<Attempt> {
  const started = performance.now();
  try {
    const target = await resolveTarget(url);
    const result = await post(target, body, headers);
    return { ...result, durationMs: Math.round(performance.now() - started) };
  } catch (error) {
    const message = error instanceof UnsafeTargetError ? `refused: ${error.reason}` : error instanceof Error ? error.message : String(error);
    return { ok: false, status: null, error: message.slice(0, MAX_ERROR), durationMs: Math.round(performance.now() - started) };
  }
}

async function scheduleRetry(tx: Executor, deliveryId: string, at: Date) {
  await addJob("deliver_webhook", { deliveryId }, { jobKey: WEBHOOK_JOB_KEY_PREFIX + deliveryId, runAt: at }, tx);
}

export async function deliverWebhook(deliveryId: string, now: () => Date = () => new Date()): Promise<WebhookOutcome> {
  return getDb().transaction(async (tx): Promise<WebhookOutcome> => {
    const [row] = await tx
      .select({ delivery: webhookDeliveries, endpoint: webhookEndpoints })
      .from(webhookDeliveries)
      .innerJoin(webhookEndpoints, eq(webhookEndpoints.id, webhookDeliveries.endpointId))
      .where(and(eq(webhookDeliveries.id, deliveryId), eq(webhookDeliveries.status, "pending")))
      .for("update", { of: webhookDeliveries, skipLocked: true });
    if (!row) return "skipped";
    const { delivery, endpoint } = row;
    if (endpoint.deletedAt || endpoint.disabledAt) {
      await tx
        .update(webhookDeliveries)
        .set({ status: "failed", nextAttemptAt: null, lastError: endpoint.deletedAt ? "endpoint removed" : "endpoint disabled" })
        .where(eq(webhookDeliveries.id, delivery.id));
      return "failed";
    }
    // A retry whose time has not come (a replayed job, a sweep) waits for its own job.
    if (delivery.nextAttemptAt && delivery.nextAttemptAt.getTime() > now().getTime() + 1000) return "skipped";

    const sentAt = now();
    const headers: Record<string, string> = {
      "User-Agent": "Circuit-Webhooks/1",
      "Circuit-Event": delivery.eventType,
      "Circuit-Delivery": delivery.id,
      "Circuit-Signature": signatureHeader(endpoint.secret, delivery.body, sentAt),
    };
    if (delivery.replayOfId) headers["Circuit-Replay"] = delivery.replayOfId;
    const result = await attempt(endpoint.url, delivery.body, headers);
    const attempts = delivery.attempts + 1;
    const finished = now();
    const logged = { attempts, lastAttemptAt: finished, responseStatus: result.status, durationMs: result.durationMs, lastError: result.error };

    if (result.ok) {
      await tx
        .update(webhookDeliveries)
        .set({ ...logged, status: "delivered", deliveredAt: finished, nextAttemptAt: null })
        .where(eq(webhookDeliveries.id, delivery.id));
      if (endpoint.failingSince) await tx.update(webhookEndpoints).set({ failingSince: null }).where(eq(webhookEndpoints.id, endpoint.id));
      return "delivered";
    }

    const failingSince = endpoint.failingSince ?? finished;
    if (shouldDisable(failingSince, finished)) {
      await tx.update(webhookEndpoints).set({ failingSince, disabledAt: finished }).where(eq(webhookEndpoints.id, endpoint.id));
      await tx
        .update(webhookDeliveries)
        .set({ ...logged, status: "failed", nextAttemptAt: null })
        .where(eq(webhookDeliveries.id, delivery.id));
      // Its other waiting deliveries go with it: a disabled endpoint is sent nothing more.
      await tx
        .update(webhookDeliveries)
        .set({ status: "failed", nextAttemptAt: null, lastError: "endpoint disabled" })
        .where(and(eq(webhookDeliveries.endpointId, endpoint.id), eq(webhookDeliveries.status, "pending")));
      await queueEndpointDisabledEmail(tx, endpoint, { failingSince, lastError: result.error });
      return "failed";
    }
    if (!endpoint.failingSince) await tx.update(webhookEndpoints).set({ failingSince }).where(eq(webhookEndpoints.id, endpoint.id));
    const next = nextAttemptAt(attempts, delivery.createdAt, finished);
    await tx
      .update(webhookDeliveries)
      .set({ ...logged, status: next ? "pending" : "failed", nextAttemptAt: next })
      .where(eq(webhookDeliveries.id, delivery.id));
    if (next) await scheduleRetry(tx, delivery.id, next);
    return next ? "retry" : "failed";
  });
}

/** Deliveries waiting without a live job (the queue was down, a job was lost): handed a job again. */
export async function sweepWebhookDeliveries(limit = 500): Promise<number> {
  const [row] = await getDb().execute<{ added: number }>(sql`
    with due as (
      select d.id, d.next_attempt_at from webhook_deliveries d
      where d.status = 'pending'
        and not exists (
          select 1 from graphile_worker.jobs j
          where j.key = ${WEBHOOK_JOB_KEY_PREFIX} || d.id and (j.locked_at is not null or j.attempts < j.max_attempts)
        )
      order by d.created_at
      limit ${limit}
    )
    select count(job.id)::int as added
    from due, lateral graphile_worker.add_job('deliver_webhook', json_build_object('deliveryId', due.id),
      run_at => coalesce(due.next_attempt_at, now()), job_key => ${WEBHOOK_JOB_KEY_PREFIX} || due.id) as job`);
  return row?.added ?? 0;
}
