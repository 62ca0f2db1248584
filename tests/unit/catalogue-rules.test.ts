// Pure catalogue rules: who may change a catalogue, which enterprises have products, cursors.
import { describe, expect, it } from "vitest";
import { catalogueAccess, methodsAccess } from "#app/domain/access/record-rules";
import { containsPattern, decodeCursor, encodeCursor } from "#app/domain/paging";
import { canHaveProducts } from "#app/domain/catalogue/rules";
import type { AccessContext, Grant } from "#app/domain/access/enterprise-rules";

const context = (managed: string[], grants: Grant[] = []): AccessContext => ({ userId: "u", managed: new Set(managed), grantsReceived: grants });

describe("catalogue access", () => {
  it("an enterprise's managers may change its products", () => {
    expect(catalogueAccess(context(["farm"]), "farm")).toEqual({ canManage: true, canSee: true });
  });

  it("a manager of an enterprise granted manage_products may change the grantor's products", () => {
    const hub = context(["hub"], [{ grantorId: "farm", granteeId: "hub", permission: "manage_products" }]);
    expect(catalogueAccess(hub, "farm")).toEqual({ canManage: true, canSee: true });
  });

  it("a partner that may only add the producer to cycles sees the products but may not change them", () => {
    const hub = context(["hub"], [{ grantorId: "farm", granteeId: "hub", permission: "add_to_order_cycle" }]);
    expect(catalogueAccess(hub, "farm")).toEqual({ canManage: false, canSee: true });
  });

  it("an unrelated manager neither sees nor changes them, and grants do not run backwards", () => {
    expect(catalogueAccess(context(["far"]), "farm")).toEqual({ canManage: false, canSee: false });
    const farm = context(["farm"], []);
    // farm granted hub something: that gives farm nothing over hub.
    expect(catalogueAccess(farm, "hub").canManage).toBe(false);
  });

  it("only an enterprise's own managers change its methods; manage_products is not enough", () => {
    const hub = context(["hub"], [{ grantorId: "farm", granteeId: "hub", permission: "manage_products" }]);
    expect(methodsAccess(hub, "farm")).toEqual({ canManage: false, canSee: true });
    expect(methodsAccess(context(["farm"]), "farm")).toEqual({ canManage: true, canSee: true });
    expect(methodsAccess(context(["far"]), "farm")).toEqual({ canManage: false, canSee: false });
  });
});

describe("which enterprises have products", () => {
  it("producers and producer hubs do; plain hubs and profiles do not", () => {
    expect(canHaveProducts({ kind: "producer", isProducer: true })).toBe(true);
    expect(canHaveProducts({ kind: "hub", isProducer: true })).toBe(true);
    expect(canHaveProducts({ kind: "hub", isProducer: false })).toBe(false);
    expect(canHaveProducts({ kind: "profile", isProducer: true })).toBe(false);
  });
});

describe("list cursors", () => {
  it("round-trip the sort key, and refuse a cursor we did not make, or of another list, with a validation error", () => {
    const key = ["carottes “nantaises”", "abc"];
    expect(decodeCursor(encodeCursor(key), 2)).toEqual(key);
    expect(decodeCursor("", 2)).toBeUndefined();
    expect(decodeCursor(null, 2)).toBeUndefined();
    for (const bad of ["garbage", Buffer.from("[1,2]").toString("base64url"), "x".repeat(3000), encodeCursor(["a", "b", "c"])]) {
      expect(() => decodeCursor(bad, 2)).toThrow(expect.objectContaining({ code: "validation_failed" }));
    }
  });

  it("a search matches LIKE wildcards literally", () => {
    expect(containsPattern("100%_a\\b")).toBe("%100\\%\\_a\\\\b%");
  });
});
