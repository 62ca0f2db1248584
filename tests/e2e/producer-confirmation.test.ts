// A producer's confirmation in a real browser (docs/domain.md section 8): Les Jardins de Marie
// opens the link from its producer email on a phone (390 px), reads the page in French, declares
// a shortage with a note and sees its answer; the coordinator's notifications step then shows
// the producer as short, with the note. The link in the email is read from the mail the app sent.
import { demoApi, logIn, newPage, screenshot } from "./app";
import { app, browser } from "./demo";

test("Les Jardins de Marie declares a shortage from its email on a phone, in French; the coordinator sees it short", async () => {
  const api = await demoApi(app.url, "hub@demo.circuit.coop");
  const { items } = (await api("/order-cycles")) as { items: { id: string; name: string }[] };
  const weekly = items.find((cycle) => cycle.name === "Weekly veg box")!;
  expect(weekly).toBeTruthy();
  const before = app.smtp.messages.length;
  await api(`/order-cycles/${weekly.id}/notify-producers`, { method: "POST", body: {} });

  // The producer email, as Marie's mailbox received it, in French, with its link.
  await expect
    .poll(() => app.smtp.messages.slice(before).filter((message) => JSON.stringify(message.to).includes("marie@demo.circuit.coop")).length, { timeout: 30_000 })
    .toBe(1);
  const email = app.smtp.messages.slice(before).find((message) => JSON.stringify(message.to).includes("marie@demo.circuit.coop"))!;
  expect(email.text).toContain("Livrerez-vous tout ?");
  expect(email.html).toContain("Confirmer ce que je livrerai");
  const link = email.text!.match(/https?:\/\/\S+\/supplier\/confirm\/\S+/)![0];
  expect(link.startsWith(app.url)).toBe(true);

  // On a phone, with an English browser: the page follows the producer's language.
  const phone = await newPage(browser, { width: 390, locale: "en" });
  await phone.page.goto(link);
  await phone.page.getByRole("heading", { name: "Qu’allez-vous livrer ?" }).waitFor();
  expect(await phone.page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
  const carrots = phone.page.getByLabel(/Je livrerai : Carrots \(1 kg bag\)/);
  const ordered = Number(await carrots.getAttribute("max"));
  expect(ordered).toBeGreaterThan(1);
  expect(await carrots.inputValue()).toBe(String(ordered));
  await screenshot(phone.page, "producer-confirmation-390");

  // Over the ordered quantity: refused next to the field, in French, nothing recorded.
  await carrots.fill(String(ordered + 5));
  await carrots.evaluate((input: HTMLInputElement) => input.removeAttribute("max"));
  await Promise.all([phone.page.waitForLoadState("networkidle"), phone.page.getByRole("button", { name: "Envoyer ma réponse" }).click()]);
  await phone.page.getByText(`Au plus ${ordered} : pas plus que ce qui a été commandé.`).waitFor();

  // One carrot bag short, with a note.
  await phone.page.getByLabel(/Je livrerai : Carrots \(1 kg bag\)/).fill(String(ordered - 1));
  await phone.page.getByLabel("Note pour Green Valley Food Hub (facultatif)").fill("Une caisse abîmée par le gel.");
  await Promise.all([phone.page.waitForURL(/answered=1/), phone.page.getByRole("button", { name: "Envoyer ma réponse" }).click()]);
  const done = phone.page.getByRole("status");
  await done.getByText(/Merci : Green Valley Food Hub sait ce que vous ne livrerez pas/).waitFor();
  await done.getByText(`Carrots (1 kg bag) : ${ordered - 1} sur ${ordered}`).waitFor();
  await screenshot(phone.page, "producer-confirmation-done-390");
  await phone.context.close();

  // The coordinator's notifications step.
  const hub = await newPage(browser, { width: 1280 });
  await logIn(hub.page, app.url, "hub@demo.circuit.coop");
  await hub.page.goto(`${app.url}/admin/order-cycles/${weekly.id}/notifications`);
  const row = hub.page.getByRole("row", { name: /Les Jardins de Marie/ });
  await row.getByText("Short", { exact: true }).waitFor();
  await row.getByText(`Carrots (1 kg bag): ${ordered - 1} of ${ordered}`).waitFor();
  await row.getByText("Une caisse abîmée par le gel.").waitFor();
  await screenshot(hub.page, "notifications-step-short-1280");
  await hub.context.close();

  // The coordinator was told by email.
  await expect
    .poll(() => app.smtp.messages.some((message) => message.subject === "Les Jardins de Marie will be short for Weekly veg box"), { timeout: 30_000 })
    .toBe(true);
});
