// Writes messages to the outbox in the caller's transaction; the worker delivers them (emails/deliver.server.ts).
import { getDb, type Executor } from "#db/connection.server";
import { outboxEmails } from "#db/schema";

export type OutgoingEmail = {
  /** Unique per message: the same key twice is stored once (e.g. `invite:<enterprise>:<email>`). */
  idempotencyKey: string;
  kind: string;
  to: string;
  replyTo?: string | null;
  subject: string;
  html: string;
  text: string;
};

/** Queues a message; returns its id, or undefined when a message with the same key already exists. */
export async function enqueueEmail(message: OutgoingEmail, db: Executor = getDb()): Promise<string | undefined> {
  const [row] = await db
    .insert(outboxEmails)
    .values({
      idempotencyKey: message.idempotencyKey,
      kind: message.kind,
      toAddress: message.to,
      replyTo: message.replyTo ?? null,
      subject: message.subject,
      html: message.html,
      text: message.text,
    })
    .onConflictDoNothing({ target: outboxEmails.idempotencyKey })
    .returning({ id: outboxEmails.id });
  return row?.id;
}
