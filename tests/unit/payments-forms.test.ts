// The hub's payment and refund forms as command input (app/domain/payments/forms.ts): amounts typed
// either way, refusals named by the form's own fields.
import { describe, expect, it } from "vitest";
import { DomainError } from "#app/domain/errors";
import { amountFromForm, atFormFields, paymentFormFields, paymentInputFromForm, refundFormFields, refundInputFromForm } from "#app/domain/payments/forms";
import { refusal } from "#tests/support/refusal";

const reader = (fields: Record<string, string>) => (name: string) => fields[name] ?? "";

describe("amounts typed in a form", () => {
  it("reads a comma or a point, a currency sign and spaces", () => {
    expect(amountFromForm("12,50", "amount")).toBe(1250);
    expect(amountFromForm(" 12.5 ", "amount")).toBe(1250);
    expect(amountFromForm("€7", "amount")).toBe(700);
  });

  it("refuses empty, not money and zero at the named field", () => {
    expect(refusal(() => amountFromForm("", "amount"))).toEqual({ amount: { key: "required", values: undefined } });
    expect(refusal(() => amountFromForm("12,5x", "refundAmount"))).toEqual({ refundAmount: { key: "notMoney", values: undefined } });
    expect(refusal(() => amountFromForm("0,00", "amount"))).toEqual({ amount: { key: "amountAboveZero", values: undefined } });
  });
});

describe("the forms' input", () => {
  it("leaves out what was left empty", () => {
    expect(paymentInputFromForm(reader({ amount: "3", method: "cash" }), "2026-12-03")).toEqual({
      amountCents: 300,
      method: "cash",
      receivedAt: undefined,
      note: undefined,
    });
    expect(refundInputFromForm(reader({ refundAmount: "1,20", reason: "Bruised" }))).toEqual({ amountCents: 120, method: undefined, reason: "Bruised" });
  });

  it("money received today was received now; an earlier day is passed on", () => {
    expect(paymentInputFromForm(reader({ amount: "3", method: "cash", receivedOn: "2026-12-03" }), "2026-12-03").receivedAt).toBeUndefined();
    expect(paymentInputFromForm(reader({ amount: "3", method: "cash", receivedOn: "2026-12-01" }), "2026-12-03").receivedAt).toBe("2026-12-01");
  });

  it("names each command field as its form does; a cancelled order's refusal sits at the amount", () => {
    const error = new DomainError("conflict", { payment: { key: "orderCancelled" }, receivedAt: { key: "notInFuture" } });
    expect(Object.keys(atFormFields(error, paymentFormFields).fields)).toEqual(["amount", "receivedOn"]);
    expect(
      atFormFields(new DomainError("validation_failed", { amountCents: { key: "refundTooLarge", values: { max: 200 } } }), refundFormFields),
    ).toMatchObject({
      code: "validation_failed",
      fields: { refundAmount: { key: "refundTooLarge", values: { max: 200 } } },
    });
  });
});
