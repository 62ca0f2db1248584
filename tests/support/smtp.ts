// A real SMTP server on 127.0.0.1 for integration tests: it accepts every message (or refuses
// the next few on request, or holds its replies) and keeps them parsed, so tests read what a
// mailbox would receive.
import { simpleParser, type ParsedMail } from "mailparser";
import type { AddressInfo } from "node:net";
import { SMTPServer, type SMTPServerAddress, type SMTPServerSession } from "smtp-server";
import type { OutgoingEmail } from "#app/mail/outbox.server";

export type SmtpCatcher = {
  /** `smtp://127.0.0.1:<port>`: put it in SMTP_URL. */
  url: string;
  /** Every accepted message, in arrival order. */
  messages: ParsedMail[];
  /** The envelope recipients of each accepted message (same order as `messages`). */
  envelopes: string[][];
  /** How many SMTP connections senders have opened so far. */
  connections(): number;
  /** Refuses the next `count` recipients with a temporary 451 error, as a busy relay would. */
  rejectNext(count: number): void;
  /**
   * From now on each message is accepted as it arrives — recorded, and kept whatever its sender
   * does next — while its `250` reply waits for `releaseReplies()`. The relay has taken the message
   * and the sender does not know yet: kill the sender meanwhile, or stop its database, and the
   * message is delivered although the sender never recorded it (decision 0006's window).
   */
  holdReplies(): void;
  /** Sends the held `250` replies (to senders still there) and stops holding. */
  releaseReplies(): void;
  /** How many accepted messages wait for their reply. */
  heldReplies(): number;
  /** Resolves once at least `count` messages arrived; rejects after `timeoutMs`. */
  waitFor(count: number, timeoutMs?: number): Promise<ParsedMail[]>;
  stop(): Promise<void>;
};

/**
 * `delayMs` holds each message that long before accepting it, like a slow relay (widens races).
 * `onHold` is told when a message starts its hold. A message whose sender hung up during the hold
 * is not accepted, as a real relay that never answered 250 has not taken the message.
 */
export async function startSmtpCatcher(options: { delayMs?: number; onHold?: (held: number) => void } = {}): Promise<SmtpCatcher> {
  const messages: ParsedMail[] = [];
  const envelopes: string[][] = [];
  const waiters = new Set<() => void>();
  let rejections = 0;
  let held = 0;
  let connections = 0;
  const hungUp = new Set<string>();
  let holdingReplies = false;
  const heldReplies: (() => void)[] = [];

  const accept = (parsed: ParsedMail, session: SMTPServerSession) => {
    messages.push(parsed);
    envelopes.push(session.envelope.rcptTo.map((rcpt) => rcpt.address));
    for (const wake of waiters) wake();
  };

  const server = new SMTPServer({
    secure: false,
    authOptional: true,
    disabledCommands: ["STARTTLS", "AUTH"],
    logger: false,
    onConnect(_session: SMTPServerSession, callback: (error?: Error | null) => void) {
      connections += 1;
      callback();
    },
    onRcptTo(address: SMTPServerAddress, _session: SMTPServerSession, callback: (error?: Error | null) => void) {
      if (rejections > 0) {
        rejections -= 1;
        const error = Object.assign(new Error(`Try again later (${address.address})`), { responseCode: 451 });
        return callback(error);
      }
      callback();
    },
    onClose(session: SMTPServerSession) {
      hungUp.add(session.id);
    },
    onData(stream, session, callback) {
      simpleParser(stream)
        .then(async (parsed) => {
          if (holdingReplies) {
            accept(parsed, session);
            heldReplies.push(() => callback());
            return;
          }
          held += 1;
          options.onHold?.(held);
          if (options.delayMs) await new Promise((resolve) => setTimeout(resolve, options.delayMs));
          if (hungUp.has(session.id)) return callback(new Error("The sender hung up before the reply"));
          accept(parsed, session);
          callback();
        })
        .catch((error: Error) => callback(error));
    },
  });

  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => resolve());
  });
  const { port } = server.server.address() as AddressInfo;

  return {
    url: `smtp://127.0.0.1:${port}`,
    messages,
    envelopes,
    connections: () => connections,
    rejectNext(count) {
      rejections = count;
    },
    holdReplies() {
      holdingReplies = true;
    },
    releaseReplies() {
      holdingReplies = false;
      // A reply to a sender that hung up goes nowhere; smtp-server drops it.
      for (const reply of heldReplies.splice(0)) reply();
    },
    heldReplies: () => heldReplies.length,
    waitFor(count, timeoutMs = 10_000) {
      if (messages.length >= count) return Promise.resolve(messages);
      return new Promise((resolve, reject) => {
        const check = () => {
          if (messages.length < count) return;
          clearTimeout(timer);
          waiters.delete(check);
          resolve(messages);
        };
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(new Error(`Expected ${count} email(s) within ${timeoutMs} ms, got ${messages.length}`));
        }, timeoutMs);
        waiters.add(check);
      });
    },
    stop: () => {
      for (const reply of heldReplies.splice(0)) reply();
      return new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

let emailCounter = 0;

/** A ready-to-queue message with a unique key and recipient; override what the test is about. */
export function outgoingEmail(overrides: Partial<OutgoingEmail> = {}): OutgoingEmail {
  emailCounter += 1;
  const n = `${Date.now().toString(36)}-${emailCounter}`;
  return {
    idempotencyKey: `test:${n}`,
    kind: "test_message",
    to: `buyer-${n}@example.test`,
    replyTo: "hub@example.test",
    subject: `Test message ${n}`,
    html: `<p>Hello <strong>${n}</strong></p>`,
    text: `Hello ${n}`,
    ...overrides,
  };
}
