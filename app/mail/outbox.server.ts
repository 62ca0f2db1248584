// Writes messages to the outbox in the caller's transaction, together with the job that delivers
// them (app/mail/deliver.server.ts); also reads the outbox back for the dev mail page.
import { randomUUID } from "node:crypto";
import { and, desc, eq, lt, or, sql } from "drizzle-orm";
import { PgTransaction } from "drizzle-orm/pg-core";
import { isJobQueueInstalled } from "#app/jobs/queue.server";
import { getDb, type Executor } from "#db/connection.server";
import { outboxEmails, type OutboxAttachment } from "#db/schema";
import { DELIVERY_JOB_KEY_PREFIX, MAX_DELIVERY_ATTEMPTS } from "./deliver.server";

export type OutgoingEmail = {
  /** Unique per message: the same key twice is stored once (e.g. `invite:<enterprise>:<email>`). */
  idempotencyKey: string;
  kind: string;
  /** What the message is about, stored as typed columns (queries filter on these, never on the key). */
  cycleId?: string | null;
  supplierId?: string | null;
  orderId?: string | null;
  enterpriseId?: string | null;
  to: string;
  replyTo?: string | null;
  /**
   * Marketing email only (decision 0053): the customer whose consent is checked again when it is
   * sent, and the one-click unsubscribe link sent in its List-Unsubscribe header.
   */
  marketing?: { customerId: string; unsubscribeUrl: string } | null;
  /** Not sent before this instant (quiet hours); absent: at once. */
  notBefore?: Date | null;
  /**
   * The worker renders the subject, body and attachments when it sends the row (decision 0061):
   * they are empty here, and the kind and orderId say what to render.
   */
  renderOnSend?: boolean;
  subject: string;
  html: string;
  text: string;
  /** Files sent along (an order's calendar event). */
  attachments?: readonly OutboxAttachment[];
};

/**
 * Queues a message and its delivery job atomically; returns the row's id, or undefined when a
 * message with the same key already exists (that one keeps its own job). Pass the transaction of
 * the event that causes the email: both vanish if it rolls back. Before the job queue is
 * installed (the worker has never started on this database) only the row is written, and the
 * worker's sweep gives it a job on start.
 */
export async function enqueueEmail(message: OutgoingEmail, db: Executor = getDb()): Promise<string | undefined> {
  return (await enqueueEmails([message], db))[0];
}

/** Rows written per statement: a producer email is a few kilobytes of HTML. */
const OUTBOX_BATCH = 100;

/**
 * enqueueEmail for many messages (a cycle's 500 producer emails): a statement per hundred rows
 * instead of one per row. Returns each message's row id, undefined where its key already existed.
 */
export async function enqueueEmails(messages: readonly OutgoingEmail[], db: Executor = getDb()): Promise<(string | undefined)[]> {
  if (messages.length === 0) return [];
  if (!(db instanceof PgTransaction)) return db.transaction((tx) => enqueueEmails(messages, tx));
  const withQueue = await isJobQueueInstalled(db);
  const ids = messages.map(() => randomUUID());
  const written = new Set<string>();
  for (let start = 0; start < messages.length; start += OUTBOX_BATCH) {
    const values = messages
      .slice(start, start + OUTBOX_BATCH)
      .map(
        (message, index) =>
          sql`(${ids[start + index]}, ${message.idempotencyKey}, ${message.kind}, ${message.cycleId ?? null}, ${message.supplierId ?? null}, ${message.orderId ?? null}, ${message.enterpriseId ?? null}, ${message.to}, ${message.replyTo ?? null}, ${message.subject}, ${message.html}, ${message.text}, ${JSON.stringify(message.attachments ?? [])}::jsonb, ${message.marketing?.customerId ?? null}, ${message.marketing?.unsubscribeUrl ?? null}, ${message.notBefore?.toISOString() ?? null}::timestamptz, ${message.renderOnSend ?? false})`,
      );
    const rows = sql`insert into ${outboxEmails} (id, idempotency_key, kind, cycle_id, supplier_id, order_id, enterprise_id, to_address, reply_to, subject, html, text, attachments, marketing_customer_id, unsubscribe_url, not_before, render_on_send)
      values ${sql.join(values, sql`, `)}
      on conflict (idempotency_key) do nothing
      returning id, not_before`;
    // One statement: a job for each row written, none for a key already queued.
    const inserted = withQueue
      ? await db.execute<{ id: string }>(sql`with row as (${rows})
          select row.id from row, lateral graphile_worker.add_job(
            'deliver_email', json_build_object('outboxId', row.id), max_attempts => ${MAX_DELIVERY_ATTEMPTS}::integer, job_key => ${DELIVERY_JOB_KEY_PREFIX} || row.id,
            run_at => greatest(now(), coalesce(row.not_before, now()))
          ) as job`)
      : await db.execute<{ id: string }>(rows);
    for (const row of inserted) written.add(row.id);
  }
  return ids.map((id) => (written.has(id) ? id : undefined));
}

export type OutboxCursor = { createdAt: Date; id: string };

/** Outbox rows, newest first, a page at a time (keyset on created_at, id). */
export async function listOutboxEmails({ before, limit = 50 }: { before?: OutboxCursor; limit?: number } = {}, db: Executor = getDb()) {
  // Compared at millisecond precision, the precision a cursor keeps in a Date.
  const createdMs = sql`date_trunc('milliseconds', ${outboxEmails.createdAt})`;
  const rows = await db
    .select({
      id: outboxEmails.id,
      kind: outboxEmails.kind,
      toAddress: outboxEmails.toAddress,
      subject: outboxEmails.subject,
      status: outboxEmails.status,
      attempts: outboxEmails.attempts,
      createdAt: outboxEmails.createdAt,
      sentAt: outboxEmails.sentAt,
    })
    .from(outboxEmails)
    .where(
      before
        ? or(
            sql`${createdMs} < ${before.createdAt.toISOString()}::timestamptz`,
            and(sql`${createdMs} = ${before.createdAt.toISOString()}::timestamptz`, lt(outboxEmails.id, before.id)),
          )
        : undefined,
    )
    .orderBy(sql`${createdMs} desc`, desc(outboxEmails.id))
    .limit(limit + 1);
  const hasMore = rows.length > limit;
  const page = rows.slice(0, limit);
  const last = page[page.length - 1];
  return { rows: page, next: hasMore && last ? { createdAt: last.createdAt, id: last.id } : undefined };
}

export async function findOutboxEmail(id: string, db: Executor = getDb()) {
  const [row] = await db.select().from(outboxEmails).where(eq(outboxEmails.id, id)).limit(1);
  return row;
}

/** A page cursor as it travels in a URL: `<ISO instant>_<id>`. */
export function encodeOutboxCursor(cursor: OutboxCursor): string {
  return `${cursor.createdAt.toISOString()}_${cursor.id}`;
}

/** The cursor of a URL, or undefined when it is missing or malformed (then the list starts at the newest). */
export function decodeOutboxCursor(value: string | null | undefined): OutboxCursor | undefined {
  const match = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z)_(.{1,100})$/.exec(value ?? "");
  if (!match) return undefined;
  const createdAt = new Date(match[1]);
  return Number.isNaN(createdAt.getTime()) ? undefined : { createdAt, id: match[2] };
}
