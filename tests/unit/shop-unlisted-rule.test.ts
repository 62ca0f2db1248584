// The one visibility rule for unlisted sales (app/domain/shop/visibility.ts, decision 0047): the key
// opens an unlisted exchange, the cycle's managers need none, tags still apply on top.
import { describe, expect, it } from "vitest";
import { isVisibleToBuyer, keyAdmits, sameSecret } from "#app/domain/shop/visibility";

const exchange = { visibility: "unlisted", shareKey: "k".repeat(32), distributorId: "river", coordinatorId: "hub", tags: [] as string[] };

describe("sameSecret", () => {
  it("is true for equal strings only, whatever the lengths", () => {
    expect(sameSecret("abc", "abc")).toBe(true);
    expect(sameSecret("abc", "abd")).toBe(false);
    expect(sameSecret("abc", "abcd")).toBe(false);
    expect(sameSecret("abcd", "abc")).toBe(false);
    expect(sameSecret("", "abc")).toBe(false);
    expect(sameSecret("", "")).toBe(true);
  });
});

describe("keyAdmits", () => {
  it("lets a listed exchange through for everyone", () => {
    expect(keyAdmits({ ...exchange, visibility: "listed" }, { tags: [] })).toBe(true);
  });

  it("opens an unlisted exchange with its key only, or to its distributor's and coordinator's managers", () => {
    expect(keyAdmits(exchange, { tags: [] })).toBe(false);
    expect(keyAdmits(exchange, { tags: [], shareKeys: ["x".repeat(32), "k".repeat(32)] })).toBe(true);
    expect(keyAdmits(exchange, { tags: [], shareKeys: ["k".repeat(31)] })).toBe(false);
    expect(keyAdmits(exchange, { tags: [], managedEnterpriseIds: ["river"] })).toBe(true);
    expect(keyAdmits(exchange, { tags: [], managedEnterpriseIds: ["hub"] })).toBe(true);
    expect(keyAdmits(exchange, { tags: [], managedEnterpriseIds: ["farm"] })).toBe(false);
    expect(keyAdmits({ ...exchange, shareKey: null }, { tags: [], shareKeys: [""] })).toBe(false);
  });

  it("leaves tags to apply on top of the key", () => {
    const tagged = { ...exchange, tags: ["council"] };
    expect(isVisibleToBuyer(tagged, { tags: ["council"], shareKeys: [exchange.shareKey] })).toBe(true);
    expect(isVisibleToBuyer(tagged, { tags: [], shareKeys: [exchange.shareKey] })).toBe(false);
    expect(isVisibleToBuyer(tagged, { tags: ["council"] })).toBe(false);
  });
});
