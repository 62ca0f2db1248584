// CSV imports in a real browser, on the demo data (docs/domain.md 14, decision 0045): a producer
// uploads a Latin-1 file of products with a broken row, reads the row's error, fixes it, sees what
// would change and applies it; a French producer with a shop imports customers on a phone without JavaScript.
import { demoApi, logIn, newPage, screenshot } from "./app";
import { app, browser } from "./demo";

describe("CSV imports", () => {
  test("a producer uploads products, fixes a broken row, previews and applies (1280 px)", async () => {
    const { context, page } = await newPage(browser, { width: 1280 });
    await logIn(page, app.url, "dairy@demo.circuit.coop");
    await page.goto(`${app.url}/admin`);
    await page.getByRole("link", { name: "Products", exact: true }).first().click();
    await Promise.all([page.waitForURL(/\/products\/import$/), page.getByRole("link", { name: "Import / export" }).click()]);
    const latin1 = (text: string) => Buffer.from(text, "latin1");
    await page.getByLabel("CSV file").setInputFiles({
      name: "products.csv",
      mimeType: "text/csv",
      buffer: latin1("product;variant;price;category\nFromage frais;Pot 250 g;3,20;Produits laitiers\nFromage frais;Pot 500 g;5,9,0;dairy\n"),
    });
    await Promise.all([page.waitForLoadState("load"), page.getByRole("button", { name: "Check the file" }).click()]);
    const problems = page.getByRole("region", { name: /Nothing was imported/ });
    await problems.waitFor();
    const row = problems.locator("tbody tr");
    await expect.poll(() => row.count()).toBe(1);
    expect(await row.first().innerText()).toMatch(/2\s+price\s+“5,9,0” is not a price/);
    await screenshot(page, "import-products-error-1280");

    // Fixed by pasting the corrected file: nothing was written meanwhile, so both rows are new.
    await page
      .getByLabel("Or paste the CSV here")
      .fill("product;variant;price;category\nFromage frais;Pot 250 g;3,20;Produits laitiers\nFromage frais;Pot 500 g;5,90;dairy\n");
    await Promise.all([page.waitForLoadState("load"), page.getByRole("button", { name: "Check the file" }).click()]);
    const preview = page.getByRole("region", { name: "What this file would change" });
    await preview.waitFor();
    expect(await preview.innerText()).toContain("2 to create, 0 to update, 0 unchanged.");
    expect(await preview.innerText()).toContain("Fromage frais — Pot 500 g");
    await screenshot(page, "import-products-preview-1280");
    await page.getByRole("button", { name: "Apply the import" }).click();
    await page.getByText("Imported: 2 created, 0 updated, 0 unchanged.").waitFor();
    await screenshot(page, "import-products-applied-1280");

    // The download holds them, in the import's columns.
    const href = await page.getByRole("link", { name: "Download the CSV" }).getAttribute("href");
    const csv = await (await page.request.get(`${app.url}${href}`)).text();
    expect(csv).toContain("Fromage frais,Pot 500 g,5.90,,,1,dairy,,");
    await page.goto(`${app.url}${href!.replace(/^\/api\/v1/, "/admin").replace(/\.csv$/, "")}`);
    await page.getByRole("link", { name: "Fromage frais" }).waitFor();
    await context.close();
  });

  test("a French producer with a shop imports customers on a phone, without JavaScript", async () => {
    const { context, page } = await newPage(browser, { width: 390, locale: "fr", javaScript: false });
    await logIn(page, app.url, "marie@demo.circuit.coop", "Se connecter");
    const api = await demoApi(app.url, "marie@demo.circuit.coop");
    const { items } = (await api("/enterprises")) as { items: { id: string; name: string }[] };
    const farm = items.find((enterprise) => enterprise.name === "Les Jardins de Marie")!;
    await page.goto(`${app.url}/admin/enterprises/${farm.id}/customers`);
    await page.getByRole("link", { name: "Importer / exporter" }).click();
    await page.waitForURL(/\/customers\/import$/);
    await page.getByLabel("Ou collez le CSV ici").fill("email;name;tags;marketing_consent\nlea@example.org;Léa;panier;oui\npas-un-email;Paul;;non\n");
    await page.getByRole("button", { name: "Vérifier le fichier" }).click();
    const problems = page.getByRole("region", { name: /Rien n’a été importé/ });
    await problems.waitFor();
    expect(await problems.locator("tbody tr").first().innerText()).toMatch(/2\s+email\s+/);
    await screenshot(page, "import-customers-error-fr-390");
    const pasted = page.getByLabel("Ou collez le CSV ici");
    expect(await pasted.inputValue()).toContain("pas-un-email");
    await pasted.fill("email;name;tags;marketing_consent\nlea@example.org;Léa;panier;oui\npaul@example.org;Paul;;non\n");
    await page.getByRole("button", { name: "Vérifier le fichier" }).click();
    await page.getByText("2 à créer, 0 à mettre à jour, 0 inchangés.").waitFor();
    await screenshot(page, "import-customers-preview-fr-390");
    await page.getByRole("button", { name: "Appliquer l’import" }).click();
    await page.getByText("Importé : 2 créés, 0 mis à jour, 0 inchangés.").waitFor();
    const width = await page.evaluate(() => document.documentElement.scrollWidth);
    expect(width).toBeLessThanOrEqual(390);
    await screenshot(page, "import-customers-applied-fr-390");
    await context.close();
  });
});
