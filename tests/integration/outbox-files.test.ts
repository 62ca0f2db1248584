// Without SMTP_URL, each delivered email becomes an RFC 822 .eml file in DATA_DIR/mail.
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { eq } from "drizzle-orm";
import { simpleParser } from "mailparser";
import { migrateJobQueue } from "#app/jobs/queue.server";
import { runJobsOnce } from "#app/jobs/worker.server";
import { getDb } from "#db/connection.server";
import { outboxEmails } from "#db/schema";
import { enqueueEmail } from "#app/mail/outbox.server";
import { outgoingEmail } from "#tests/support/smtp";
import { setEnv } from "#tests/support/settings";

let dataDir: string;

beforeAll(async () => {
  dataDir = mkdtempSync(path.join(tmpdir(), "circuit-mail-"));
  setEnv({ DATA_DIR: dataDir });
  setEnv({ SMTP_URL: undefined });
  setEnv({ MAIL_FROM: undefined });
  await migrateJobQueue(process.env.DATABASE_URL!);
});

afterAll(() => {
  rmSync(dataDir, { recursive: true, force: true });
});

describe("email delivery to files", () => {
  test("without SMTP_URL a delivered email is an .eml file in DATA_DIR/mail named by its time and outbox id", async () => {
    const message = outgoingEmail({ subject: "Bienvenue", html: "<p>Bonjour <em>Camille</em></p>", text: "Bonjour Camille" });
    const id = await enqueueEmail(message);
    await runJobsOnce({ logLevel: "silent" });

    const [row] = await getDb().select().from(outboxEmails).where(eq(outboxEmails.id, id!));
    expect(row).toMatchObject({ status: "sent", attempts: 1 });

    const files = readdirSync(path.join(dataDir, "mail"));
    const expectedName = `${row.createdAt.toISOString().replace(/:/g, "-")}-${id}.eml`;
    expect(files).toEqual([expectedName]);

    const mail = await simpleParser(readFileSync(path.join(dataDir, "mail", expectedName)));
    expect(mail.subject).toBe("Bienvenue");
    expect(mail.html).toContain("<em>Camille</em>");
    expect(mail.text?.trim()).toBe("Bonjour Camille");
    expect(mail.from?.value[0]).toMatchObject({ name: "Circuit", address: "no-reply@localhost" });
    expect(mail.replyTo?.value[0].address).toBe("hub@example.test");
    expect(mail.messageId).toBe(`<outbox.${id}@localhost>`);
    expect(mail.headers.get("x-circuit-outbox-id")).toBe(id);
  });
});
