// How a message leaves Circuit: through SMTP_URL when it is set, otherwise as an RFC 822 `.eml`
// file in DATA_DIR/mail, which the dev mail page (/dev/mail) reads back.
import { mkdir, readFile, rename, writeFile } from "node:fs/promises";
import path from "node:path";
import nodemailer, { type Transporter } from "nodemailer";
import { settings } from "#app/config/settings.server";
import type { OutboxAttachment } from "#db/schema";

export type MessageToSend = {
  outboxId: string;
  createdAt: Date;
  to: string;
  replyTo?: string | null;
  subject: string;
  html: string;
  text: string;
  attachments?: readonly OutboxAttachment[];
  /** Marketing email: its one-click unsubscribe link (RFC 8058), sent as List-Unsubscribe. */
  unsubscribeUrl?: string | null;
};

export type SentMessage = { via: "smtp" | "file"; messageId: string; file?: string };

export function mailFrom(): string {
  return settings().mailFrom;
}

/** True when messages are written to files instead of being sent (SMTP_URL unset). */
export function mailGoesToFiles(): boolean {
  return !settings().smtpUrl;
}

/** The dev mail pages exist whenever mail goes to files, and in any non-production run. */
/**
 * The mail page shows every message with its links (order keys, invitations): only where mail
 * goes to files and the app runs for a developer, never on a public APP_URL.
 */
export function isDevMailAvailable(): boolean {
  if (!mailGoesToFiles()) return !settings().production;
  if (!settings().production) return true;
  return isLocalAppUrl(settings().appUrl);
}

function isLocalAppUrl(appUrl: string): boolean {
  try {
    const host = new URL(appUrl).hostname;
    return host === "localhost" || host === "127.0.0.1" || host === "[::1]" || host.endsWith(".localhost");
  } catch {
    return false;
  }
}

export function mailDirectory(): string {
  return settings().mailDirectory;
}

/** `<createdAt>-<outboxId>.eml`; the ISO time's colons become dashes so every file system accepts the name. */
function emlFileName(createdAt: Date, outboxId: string): string {
  return `${createdAt.toISOString().replace(/:/g, "-")}-${outboxId}.eml`;
}

/**
 * The Message-ID of an outbox row: the same on every attempt, so a message sent again after a
 * crash carries the identity of the first one and mail clients and relays can spot the repeat.
 */
export function messageIdFor(outboxId: string): string {
  const domain = /@([^>\s]+)>?\s*$/.exec(mailFrom())?.[1] ?? "localhost";
  return `<outbox.${outboxId}@${domain}>`;
}

const transports = new Map<string, Transporter>();

function smtpTransport(url: string): Transporter {
  let transport = transports.get(url);
  if (!transport) {
    // Pooled: a connection (and its TLS handshake and login) serves many messages, where one per
    // message made a close's 500 producer emails wait on 500 handshakes. Bounded waits: the
    // delivery task holds the outbox row's lock while it talks to the relay.
    transport = nodemailer.createTransport({
      url,
      pool: true,
      maxConnections: settings().smtpMaxConnections,
      maxMessages: 100,
      connectionTimeout: 30_000,
      greetingTimeout: 30_000,
      socketTimeout: 60_000,
    });
    transports.set(url, transport);
  }
  return transport;
}

const fileTransport = nodemailer.createTransport({ streamTransport: true, buffer: true, newline: "unix" });

/** Sends one message; throws on any refusal so the caller can record the attempt and retry. */
export async function sendMessage(message: MessageToSend): Promise<SentMessage> {
  const messageId = messageIdFor(message.outboxId);
  const mail = {
    from: mailFrom(),
    to: message.to,
    replyTo: message.replyTo || undefined,
    subject: message.subject,
    html: message.html,
    text: message.text,
    attachments: (message.attachments ?? []).map((file) => ({ filename: file.filename, contentType: file.contentType, content: file.content })),
    messageId,
    date: new Date(),
    headers: {
      "X-Circuit-Outbox-Id": message.outboxId,
      ...(message.unsubscribeUrl ? { "List-Unsubscribe": `<${message.unsubscribeUrl}>`, "List-Unsubscribe-Post": "List-Unsubscribe=One-Click" } : {}),
    },
  };
  const smtpUrl = settings().smtpUrl;
  if (smtpUrl) {
    await smtpTransport(smtpUrl).sendMail(mail);
    return { via: "smtp", messageId };
  }
  const info = await fileTransport.sendMail(mail);
  const directory = mailDirectory();
  await mkdir(directory, { recursive: true });
  const file = path.join(directory, emlFileName(message.createdAt, message.outboxId));
  // Write then rename: a reader never sees half a message, and a repeat overwrites the same file.
  const partial = `${file}.${process.pid}.partial`;
  await writeFile(partial, info.message as Buffer);
  await rename(partial, file);
  return { via: "file", messageId, file };
}

/** The raw `.eml` of an outbox row when mail went to files, or undefined. */
export async function readEmlFile(createdAt: Date, outboxId: string): Promise<string | undefined> {
  try {
    return await readFile(path.join(mailDirectory(), emlFileName(createdAt, outboxId)), "utf8");
  } catch {
    return undefined;
  }
}

export function closeTransports() {
  for (const transport of transports.values()) transport.close();
  transports.clear();
}
