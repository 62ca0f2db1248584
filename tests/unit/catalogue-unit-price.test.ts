import { describe, expect, it } from "vitest";
import { pricePerKilogramCents } from "#app/domain/catalogue/unit-price";

describe("the price per kg beside a price", () => {
  it("is the price scaled to 1000 g, rounded half up, and absent without a weight", () => {
    expect(pricePerKilogramCents(250, 1000)).toBe(250);
    expect(pricePerKilogramCents(700, 3000)).toBe(233); // 233.33…
    expect(pricePerKilogramCents(350, 500)).toBe(700);
    expect(pricePerKilogramCents(1, 2000)).toBe(1); // 0.5 rounds up
    expect(pricePerKilogramCents(199, 250)).toBe(796);
    expect(pricePerKilogramCents(500, null)).toBeNull();
    expect(pricePerKilogramCents(500, 0)).toBeNull();
  });
});
