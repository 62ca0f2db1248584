// What buyers are told a cycle is for: the distributor's text, else its ready-on day, written out.
import { readyForText } from "#app/domain/shop/ready-for";

describe("a cycle's ready-for, as buyers read it", () => {
  test("is the distributor's text when there is one", () => {
    expect(readyForText({ readyFor: "Friday, barn pickup", readyOn: "2026-12-04" }, "en")).toBe("Friday, barn pickup");
  });

  test("falls back to the ready-on day, in the reader's language", () => {
    expect(readyForText({ readyFor: "", readyOn: "2026-12-04" }, "en")).toBe("Friday 4 December");
    expect(readyForText({ readyFor: "", readyOn: "2026-12-04" }, "fr")).toBe("vendredi 4 décembre");
  });

  test("is empty when neither is set, for the caller to name", () => {
    expect(readyForText({ readyFor: "", readyOn: null }, "en")).toBe("");
    expect(readyForText(undefined, "en")).toBe("");
  });
});
