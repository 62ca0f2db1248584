// The dev mail pages: the outbox as an inbox while mail goes to files, and nothing in production with SMTP.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { getDb } from "#db/connection.server";
import { outboxEmails } from "#db/schema";
import { deliverOutboxEmail } from "#app/mail/deliver.server";
import * as mailList from "#app/routes/dev.mail";
import * as mailView from "#app/routes/dev.mail_.$messageId";
import { callRoute, json } from "#tests/support/http";
import { outgoingEmail } from "#tests/support/smtp";
import { setEnv } from "#tests/support/settings";

let dataDir: string;
const environment = { NODE_ENV: process.env.NODE_ENV, SMTP_URL: process.env.SMTP_URL };

beforeAll(() => {
  dataDir = mkdtempSync(path.join(tmpdir(), "circuit-dev-mail-"));
  setEnv({ DATA_DIR: dataDir });
  setEnv({ SMTP_URL: undefined });
});

afterEach(() => {
  setEnv({ NODE_ENV: environment.NODE_ENV });
  if (environment.SMTP_URL === undefined) setEnv({ SMTP_URL: undefined });
  else setEnv({ SMTP_URL: environment.SMTP_URL });
});

afterAll(() => {
  rmSync(dataDir, { recursive: true, force: true });
});

async function insertRow(minutesAgo: number, overrides: Partial<typeof outboxEmails.$inferInsert> = {}) {
  const message = outgoingEmail();
  const [row] = await getDb()
    .insert(outboxEmails)
    .values({
      idempotencyKey: message.idempotencyKey,
      kind: message.kind,
      toAddress: message.to,
      replyTo: message.replyTo,
      subject: message.subject,
      html: message.html,
      text: message.text,
      createdAt: new Date(Date.now() - minutesAgo * 60_000),
      ...overrides,
    })
    .returning();
  return row;
}

describe("the dev mail pages", () => {
  test("the list shows every email newest first with subject, recipient, status and time, a page at a time", async () => {
    const oldest = await insertRow(30, { status: "failed", attempts: 8 });
    const middle = await insertRow(20, { status: "sent", attempts: 1, sentAt: new Date() });
    const newest = await insertRow(10);

    const page = await json(await callRoute(mailList, { path: "/dev/mail" }));
    expect(page.messages.map((message: { id: string }) => message.id)).toEqual([newest.id, middle.id, oldest.id]);
    expect(page.messages[0]).toMatchObject({ subject: newest.subject, to: newest.toAddress, status: "queued", createdAt: newest.createdAt.toISOString() });
    expect(page.messages.map((message: { status: string }) => message.status)).toEqual(["queued", "sent", "failed"]);
    expect(page.directory).toBe(path.join(dataDir, "mail"));
    expect(page.next).toBeNull();

    for (let i = 0; i < 50; i += 1) await insertRow(5);
    const first = await json(await callRoute(mailList, { path: "/dev/mail" }));
    expect(first.messages).toHaveLength(50);
    const second = await json(await callRoute(mailList, { path: `/dev/mail?before=${encodeURIComponent(first.next)}` }));
    expect(second.messages.map((message: { id: string }) => message.id)).toEqual([newest.id, middle.id, oldest.id]);
    expect(second.next).toBeNull();
  });

  test("a malformed page cursor shows the newest emails instead of an error", async () => {
    const response = await callRoute(mailList, { path: "/dev/mail?before=yesterday" });
    expect(response.status).toBe(200);
  });

  test("the viewer shows the envelope, both parts, the delivery state and the raw .eml once sent", async () => {
    const row = await insertRow(1, { replyTo: "hub@example.test" });
    await deliverOutboxEmail(row.id);

    const mail = await json(await callRoute(mailView, { path: `/dev/mail/${row.id}`, params: { messageId: row.id } }));
    expect(mail).toMatchObject({
      subject: row.subject,
      to: row.toAddress,
      replyTo: "hub@example.test",
      status: "sent",
      attempts: 1,
      html: row.html,
      text: row.text,
      messageId: `<outbox.${row.id}@localhost>`,
    });
    expect(mail.raw).toContain(`Message-ID: <outbox.${row.id}@localhost>`);
    expect(mail.raw).toContain(`Subject: ${row.subject}`);
  });

  test("an unknown email answers 404", async () => {
    const response = await callRoute(mailView, { path: "/dev/mail/nope", params: { messageId: "nope" } });
    expect(response.status).toBe(404);
  });

  test("in production the pages exist while mail goes to files, and answer 404 once SMTP_URL is set", async () => {
    const row = await insertRow(1);
    setEnv({ NODE_ENV: "production" });
    expect((await callRoute(mailList, { path: "/dev/mail" })).status).toBe(200);

    setEnv({ SMTP_URL: "smtp://127.0.0.1:1" });
    expect((await callRoute(mailList, { path: "/dev/mail" })).status).toBe(404);
    expect((await callRoute(mailView, { path: `/dev/mail/${row.id}`, params: { messageId: row.id } })).status).toBe(404);
  });

  test("outside production the pages also exist when mail goes through SMTP", async () => {
    setEnv({ NODE_ENV: "development" });
    setEnv({ SMTP_URL: "smtp://127.0.0.1:1" });
    expect((await callRoute(mailList, { path: "/dev/mail" })).status).toBe(200);
  });
});
