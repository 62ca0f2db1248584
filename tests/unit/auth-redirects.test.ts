// Where login may send someone back to: paths on this site only.
import { describe, expect, it } from "vitest";
import { landingAfterSignIn, safeRedirectPath, signInAddress } from "#app/auth/redirects";

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

describe("landingAfterSignIn", () => {
  it("returns to the same-site page the visitor came from, buyer or manager", () => {
    for (const manages of [false, true]) {
      expect(landingAfterSignIn("/shop/riverside?cycle=c1", manages)).toBe("/shop/riverside?cycle=c1");
      expect(landingAfterSignIn("/shop/riverside/checkout", manages)).toBe("/shop/riverside/checkout");
      expect(landingAfterSignIn("/admin/enterprises/new", manages)).toBe("/admin/enterprises/new");
    }
  });

  it("sends a buyer who manages nothing to the shops, never to the empty admin home", () => {
    for (const requested of [undefined, "", "/admin", "/admin/", "/admin?x=1", "/login", "/signup?redirectTo=%2Fadmin", "//evil.test", "https://evil.test/"]) {
      expect(landingAfterSignIn(requested, false), String(requested)).toBe("/");
    }
  });

  it("sends a manager with nowhere to return to their enterprises", () => {
    for (const requested of [undefined, "/login", "//evil.test", "/\\evil.test"]) {
      expect(landingAfterSignIn(requested, true), String(requested)).toBe("/admin");
    }
    expect(landingAfterSignIn("/admin", true)).toBe("/admin");
  });
});

describe("signInAddress", () => {
  it("carries the page to come back to, from one sign-in page to the other too, but not the home page", () => {
    expect(signInAddress("/login", "/shop/riverside?cycle=c1")).toBe("/login?redirectTo=%2Fshop%2Friverside%3Fcycle%3Dc1");
    expect(signInAddress("/signup", "/shop/riverside/checkout")).toBe("/signup?redirectTo=%2Fshop%2Friverside%2Fcheckout");
    expect(signInAddress("/login", "/")).toBe("/login");
    expect(signInAddress("/signup", "/login?redirectTo=%2Fshop%2Fx")).toBe("/signup?redirectTo=%2Fshop%2Fx");
    expect(signInAddress("/login", "/signup")).toBe("/login");
  });
});
