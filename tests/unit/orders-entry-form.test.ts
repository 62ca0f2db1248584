// The hub's order-entry form as the for-customer commands' input (app/domain/orders/forms.ts):
// quantities read at their own fields, refusals named after the form's fields.
import { describe, expect, it } from "vitest";
import { DomainError } from "#app/domain/errors";
import { orderEntryFormError, orderEntryFromForm } from "#app/domain/orders/forms";
import { refusal } from "#tests/support/refusal";

const formOf = (fields: Record<string, string>) => {
  const form = new FormData();
  for (const [name, value] of Object.entries(fields)) form.append(name, value);
  return form;
};

describe("the order-entry form", () => {
  it("places the lines given, leaving blank quantities out, for the contact typed", () => {
    const entry = orderEntryFromForm(
      formOf({
        intent: "place",
        distributorId: " shop ",
        email: " noah@example.com ",
        name: "",
        phone: "06 12 34 56 78",
        "qty:carrots": " 3 ",
        "qty:leeks": "",
        shippingMethodId: "pickup",
        paymentMethodId: "cash",
      }),
      "cycle",
    );
    expect(entry).toEqual({
      intent: "place",
      input: {
        distributorId: "shop",
        orderCycleId: "cycle",
        lines: [{ variantId: "carrots", quantity: 3 }],
        shippingMethodId: "pickup",
        paymentMethodId: "cash",
        deliveryAddress: undefined,
        onBehalfOf: { email: "noah@example.com", name: undefined, phone: "06 12 34 56 78", locale: undefined },
      },
    });
  });

  it("'Update total' asks only for the lines, the shop and the pickup point", () => {
    expect(orderEntryFromForm(formOf({ intent: "quote", distributorId: "shop", "qty:carrots": "2" }), "cycle")).toEqual({
      intent: "quote",
      input: { distributorId: "shop", orderCycleId: "cycle", lines: [{ variantId: "carrots", quantity: 2 }], shippingMethodId: undefined },
    });
  });

  it("a wrong quantity and a wrong email are refused together at the form's fields", () => {
    const form = formOf({ intent: "place", email: "not an email", "qty:carrots": "1.5", "qty:leeks": "1000", "qty:kale": "-1" });
    expect(refusal(() => orderEntryFromForm(form, "cycle"))).toEqual({
      "qty:carrots": { key: "wholeNumber" },
      "qty:leeks": { key: "tooBig", values: { max: 999 } },
      "qty:kale": { key: "wholeNumber" },
      email: { key: "invalidEmail" },
    });
  });

  it("only quoting, a wrong quantity says nothing of the contact", () => {
    expect(refusal(() => orderEntryFromForm(formOf({ intent: "quote", email: "", "qty:carrots": "x" }), "cycle"))).toEqual({
      "qty:carrots": { key: "wholeNumber" },
    });
  });

  it("the command's refusals come back at the form's own fields", () => {
    const error = orderEntryFormError(
      new DomainError("validation_failed", {
        "onBehalfOf.phone": { key: "invalidPhone" },
        "lines.carrots": { key: "outOfStock" },
        "lines.0.quantity": { key: "tooBig" },
        lines: { key: "chooseAtLeast", values: { min: 1 } },
        shippingMethodId: { key: "invalidChoice" },
      }),
    );
    expect(error.code).toBe("validation_failed");
    expect(error.fields).toEqual({
      phone: { key: "invalidPhone" },
      "qty:carrots": { key: "outOfStock" },
      "lines.0.quantity": { key: "tooBig" },
      lines: { key: "chooseAtLeast", values: { min: 1 } },
      shippingMethodId: { key: "invalidChoice" },
    });
  });
});
