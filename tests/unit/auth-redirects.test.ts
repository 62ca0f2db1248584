// Where login may send someone back to: paths on this site only.
import { describe, expect, it } from "vitest";
import { safeRedirectPath } from "#app/auth/redirects";

describe("safeRedirectPath", () => {
  it("keeps a same-site path with its query and fragment", () => {
    expect(safeRedirectPath("/admin/order-cycles?state=open#list")).toBe("/admin/order-cycles?state=open#list");
    expect(safeRedirectPath("/")).toBe("/");
  });

  it("falls back for anything that could leave the site", () => {
    for (const target of [
      "//evil.test",
      "//evil.test/admin",
      "/\\evil.test",
      "https://evil.test/",
      "http:/evil.test",
      "javascript:alert(1)",
      "evil.test",
      "admin",
      "/%0d%0aLocation: x".replace("%0d%0a", "\r\n"),
      "/\tevil",
      "",
    ]) {
      expect(safeRedirectPath(target), JSON.stringify(target)).toBe("/admin");
    }
  });

  it("falls back for values that are not a string or are absurdly long", () => {
    expect(safeRedirectPath(null)).toBe("/admin");
    expect(safeRedirectPath(undefined, "/")).toBe("/");
    expect(safeRedirectPath(["/admin/x"])).toBe("/admin");
    expect(safeRedirectPath(`/${"a".repeat(3000)}`)).toBe("/admin");
  });
});
