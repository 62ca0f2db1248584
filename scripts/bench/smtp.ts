// A local SMTP server for P5: accepts every message on 127.0.0.1 and notes, per envelope
// recipient, when it arrived. Bodies are read and dropped.
import type { AddressInfo } from "node:net";
import { SMTPServer } from "smtp-server";

export type MailSink = { url: string; received: { to: string; at: number }[]; stop(): Promise<void> };

export async function startMailSink(): Promise<MailSink> {
  const received: { to: string; at: number }[] = [];
  const server = new SMTPServer({
    secure: false,
    authOptional: true,
    disabledCommands: ["STARTTLS", "AUTH"],
    logger: false,
    onData(stream, session, callback) {
      stream.on("data", () => {});
      stream.on("end", () => {
        const at = Date.now();
        for (const recipient of session.envelope.rcptTo) received.push({ to: recipient.address.toLowerCase(), at });
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.server.address() as AddressInfo;
  return { url: `smtp://127.0.0.1:${port}`, received, stop: () => new Promise((resolve) => server.close(() => resolve())) };
}
