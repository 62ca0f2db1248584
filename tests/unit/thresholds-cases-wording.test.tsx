// A minimum counted in cases (decision 0059) reads in cases wherever a measure is shown: the shop's
// progress bar ("3 more cases and Farm A delivers"), the emails about a minimum and the coordinator's
// digest, in English and French; items and amounts read as before.
import { renderToString } from "react-dom/server";
import { I18nextProvider } from "react-i18next";
import { i18nFor } from "#app/i18n/client";
import type { Locale } from "#app/i18n/config";
import { emailTranslator } from "#app/i18n/resources.server";
import { ThresholdBar, type ShownThreshold } from "#app/ui/threshold-progress";
import { renderSupplierMinimumMissed } from "#emails/thresholds";
import { renderCoordinatorDigest } from "#emails/coordinator-digest";

function sentence(locale: Locale, threshold: ShownThreshold) {
  const html = renderToString(
    <I18nextProvider i18n={i18nFor(locale)}>
      <ThresholdBar threshold={threshold} />
    </I18nextProvider>,
  );
  return html
    .match(/<p class="threshold-text">(.*?)<\/p>/)![1]
    .replace(/<!-- -->/g, "")
    .replace(/<[^>]+>/g, "")
    .trim();
}

const farmA = { scope: "supplier", label: "Farm A", minimum: 10, currentValue: 7, reached: false } as const;

describe("the shop's progress bar", () => {
  test.each([
    ["en", "cases", "3 more cases and Farm A delivers"],
    ["fr", "cases", "Encore 3 colis et Farm A livre"],
    ["en", "units", "3 more items and Farm A delivers"],
  ] as const)("in %s, measured in %s", (locale, measure, expected) => {
    expect(sentence(locale, { ...farmA, measure })).toBe(expected);
  });

  test("one case left is said in the singular", () => {
    expect(sentence("en", { ...farmA, measure: "cases", currentValue: 9 })).toBe("1 more case and Farm A delivers");
  });
});

describe("the emails", () => {
  const minimum = { scope: "supplier", label: "Farm A", measure: "cases", minimum: 10, valueAtClose: 7 } as const;

  test.each([
    ["en", "Farm A's minimum of 10 cases was not reached (7 cases ordered)."],
    ["fr", "10 colis"],
  ] as const)("the supplier's “minimum not reached” in %s counts cases", (locale, expected) => {
    const email = renderSupplierMinimumMissed(
      { locale, supplierName: "Farm A", coordinatorName: "Hub", cycleName: "Week 1", minimum },
      emailTranslator(locale),
    );
    expect(email.text).toContain(expected);
    if (locale === "fr") expect(email.text).toContain("7 colis");
  });

  test("the coordinator's digest says cases, and items stay bare numbers", () => {
    const email = renderCoordinatorDigest(
      {
        locale: "en",
        cycleName: "Week 1",
        coordinatorName: "Hub",
        automatic: true,
        distributors: [],
        producers: [],
        reportsUrl: "https://example.org/r",
        notificationsUrl: "https://example.org/n",
        minimums: [
          { ...minimum, outcome: "cancelled" },
          { scope: "cycle", label: "Week 1", measure: "units", minimum: 20, valueAtClose: 25, outcome: "reached" },
        ],
      },
      emailTranslator("en"),
    );
    expect(email.text).toContain("Farm A: minimum 10 cases not reached (7 cases)");
    expect(email.text).toContain("Week 1: minimum 20 reached (25).");
  });
});
