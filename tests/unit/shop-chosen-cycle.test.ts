// Which cycle the shop page shows (app/domain/shop/shop-page.server.ts): asked for, else the cart's, else the only one.
import { describe, expect, it } from "vitest";
import { chosenCycleId } from "#app/domain/shop/shop-page.server";

describe("the cycle a shop page shows", () => {
  it("is the one asked for when it is offered, over the cart's", () => {
    expect(chosenCycleId(["a", "b"], "b", "a")).toBe("b");
  });

  it("is the cart's when the one asked for is not offered", () => {
    expect(chosenCycleId(["a", "b"], "z", "a")).toBe("a");
  });

  it("is the only one offered when neither is", () => {
    expect(chosenCycleId(["a"], null, "closed")).toBe("a");
  });

  it("is none among several, nor when nothing is offered: the buyer picks", () => {
    expect(chosenCycleId(["a", "b"], undefined, undefined)).toBeUndefined();
    expect(chosenCycleId([], "a", "a")).toBeUndefined();
  });
});
