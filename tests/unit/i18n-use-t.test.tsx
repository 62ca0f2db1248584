// The translation hook remembers its answers: the same strings as i18next's own t, per language,
// per namespace and per set of values (plurals and interpolations included).
import { renderToString } from "react-dom/server";
import { I18nextProvider } from "react-i18next";
import { describe, expect, test } from "vitest";
import { i18nFor } from "#app/i18n/client";
import { useT } from "#app/i18n/use-t";
import type { Locale } from "#app/i18n/config";

function Labels({ counts }: { counts: number[] }) {
  const { t } = useT("shop");
  const common = useT().t;
  return (
    <ul>
      {counts.map((count, index) => (
        <li key={index}>
          {t("shop.inCart", { count, name: "Carrots" })}|{t("shop.supplierPrice", { name: `Farm ${count}` })}|{t("shop.priceBreakdown")}|{common("yes")}
        </li>
      ))}
    </ul>
  );
}

function render(locale: Locale, counts: number[]) {
  const i18n = i18nFor(locale);
  const html = renderToString(
    <I18nextProvider i18n={i18n}>
      <Labels counts={counts} />
    </I18nextProvider>,
  );
  return [...html.matchAll(/<li>(.*?)<\/li>/g)].map((match) => match[1].replace(/<!-- -->/g, ""));
}

describe("useT", () => {
  test.each(["en", "fr"] as const)("gives i18next's own answers in %s, rendered again and again", (locale) => {
    const i18n = i18nFor(locale);
    const expected = (count: number) =>
      [
        i18n.t("shop:shop.inCart", { count, name: "Carrots" }),
        i18n.t("shop:shop.supplierPrice", { name: `Farm ${count}` }),
        i18n.t("shop:shop.priceBreakdown"),
        i18n.t("common:yes"),
      ].join("|");
    for (let round = 0; round < 3; round += 1) {
      expect(render(locale, [1, 2, 1, 7])).toEqual([1, 2, 1, 7].map(expected));
    }
  });

  test("keeps the languages apart", () => {
    const [english] = render("en", [2]);
    const [french] = render("fr", [2]);
    expect(english).toContain("2 Carrots in your cart");
    expect(french).toContain("Carrots : 2 dans votre panier");
  });
});
