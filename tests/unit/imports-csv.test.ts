// Reading imported CSV files without a database (docs/api.md "CSV columns", decision 0045): encodings,
// separators, columns in any order, and each broken row named with its column and reason.
import { describe, expect, test } from "vitest";
import { readCustomersCsv } from "#app/domain/imports/customers";
import { readProductsCsv } from "#app/domain/imports/products";
import { decodeCsv, detectDelimiter } from "#app/domain/imports/table";
import { inertCell } from "#app/domain/csv";

const latin1 = (text: string) => Uint8Array.from([...text].map((char) => char.charCodeAt(0)));
const utf8 = (text: string) => new TextEncoder().encode(text);

describe("decoding", () => {
  test("UTF-8 with or without a byte order mark, and Latin-1 when the bytes are not UTF-8", () => {
    expect(decodeCsv(utf8("\uFEFFproduct\nPâté"))).toBe("product\nPâté");
    expect(decodeCsv(utf8("product\nPâté"))).toBe("product\nPâté");
    expect(decodeCsv(latin1("product\nPâté"))).toBe("product\nPâté");
  });

  test("Latin-1 as spreadsheets write it (windows-1252): the euro sign and typographic quotes of 0x80–0x9F", () => {
    expect(decodeCsv(Uint8Array.from([0x80, 0x20, 0x93, 0x6f, 0x6b, 0x94]))).toBe("€ “ok”");
  });

  test("the separator is read from the header line, quotes respected", () => {
    expect(detectDelimiter("product;variant;price\n1,2,3,4")).toBe(";");
    expect(detectDelimiter("product,variant,price\n1;2;3;4")).toBe(",");
    expect(detectDelimiter('"a;b;c",variant\n')).toBe(",");
  });
});

describe("products", () => {
  test("a Latin-1 file with é, `;` separators and decimal commas, columns in any order", () => {
    const file = latin1("price;variant;product;stock;category\n3,50;500 g;Pâté de campagne;12;Épicerie\n12,05;1 kg;Pâté de campagne;;pantry\n");
    const { groups, errors } = readProductsCsv(file);
    expect(errors).toEqual([]);
    expect(groups).toHaveLength(1);
    expect(groups[0]).toMatchObject({ name: "Pâté de campagne", category: "pantry" });
    expect(groups[0].rows.map((row) => [row.variant, row.priceCents, row.stock])).toEqual([
      ["500 g", 350, 12],
      ["1 kg", 1205, null],
    ]);
  });

  test("prices are exact cents: 0.29, 1.1 and 19.99 without float drift", () => {
    const { groups } = readProductsCsv("product,variant,price\nA,a,0.29\nA,b,1.1\nA,c,19.99\nA,d,4\n");
    expect(groups[0].rows.map((row) => row.priceCents)).toEqual([29, 110, 1999, 400]);
  });

  test("rows group by product_external_id when given, else by name; optional columns absent stay undefined", () => {
    const { groups } = readProductsCsv("product,variant,price,product_external_id\nCarrots,1 kg,2,ERP-1\nCarrots,3 kg,6,ERP-1\nCarrots,5 kg,9,\n");
    expect(groups.map((group) => [group.key, group.rows.length])).toEqual([
      ["id:ERP-1", 2],
      ["name:Carrots", 1],
    ]);
    expect(groups[0].rows[0].stock).toBeUndefined();
    expect(groups[0].rows[0].category).toBeUndefined();
  });

  test("broken rows are each named: unknown column, missing required column", () => {
    const { errors } = readProductsCsv("product,variant,colour\nA,a,red\n");
    expect(errors).toEqual([
      expect.objectContaining({ row: 0, column: "colour", key: "catalogue:imports.errors.unknownColumn" }),
      expect.objectContaining({ row: 0, column: "price", key: "catalogue:imports.errors.missingColumn" }),
    ]);
  });

  test("bad price, negative or fractional stock, unknown category, wrong cell count", () => {
    const file = [
      "product,variant,price,stock,category",
      "A,a,3.5.0,1,",
      "A,b,-2,1,",
      "A,c,2,-1,",
      "A,d,2,1.5,",
      "A,e,2,1,cheeses",
      "A,f,2",
      "A,g,2,1,Fruit",
    ].join("\n");
    const { errors, groups } = readProductsCsv(file);
    expect(errors.map((error) => [error.row, error.column, error.key])).toEqual([
      [1, "price", "catalogue:imports.errors.notAPrice"],
      [2, "price", "catalogue:imports.errors.notAPrice"],
      [3, "stock", "errors:fields.tooSmall"],
      [4, "stock", "catalogue:imports.errors.notAWholeNumber"],
      [5, "category", "catalogue:imports.errors.unknownCategory"],
      [6, null, "catalogue:imports.errors.cellCount"],
    ]);
    expect(groups[0].rows.map((row) => [row.variant, row.category])).toEqual([["g", "fruit"]]);
  });

  test("an unclosed quote is reported at the row where it starts", () => {
    const { errors } = readProductsCsv('product,variant,price\nA,a,1\nA,"b,2\nA,c,3\n');
    expect(errors).toEqual([expect.objectContaining({ row: 2, column: null, key: "catalogue:imports.errors.unclosedQuote" })]);
  });

  test("the same variant twice, and an external id with bad characters", () => {
    const { errors } = readProductsCsv("product,variant,price,variant_external_id\nA,a,1,\nA,a,2,\nB,x,1,SKU 1\n");
    expect(errors.map((error) => [error.row, error.column, error.key, error.values])).toEqual([
      [2, "variant", "catalogue:imports.errors.repeatedRow", { row: 1 }],
      [3, "variant_external_id", "errors:fields.externalIdCharacters", undefined],
    ]);
  });

  test("an empty file says so", () => {
    expect(readProductsCsv("").errors).toEqual([expect.objectContaining({ row: 0, key: "catalogue:imports.errors.empty" })]);
  });
});

describe("customers", () => {
  test("emails lower-cased and checked, tags by `;` normalised, consent yes/no/oui/non", () => {
    const file = "Email;Name;Tags;Marketing_Consent;phone\nAnne@Example.org;Anne;Box; veg ;oui;'+33 6 12 34 56 78\nbob@example.org;Bob;;non;\n".replace(
      "Box; veg ",
      '"Box; veg "',
    );
    const { customers, errors } = readCustomersCsv(file);
    expect(errors).toEqual([]);
    expect(customers).toEqual([
      { row: 1, email: "anne@example.org", name: "Anne", phone: "+33 6 12 34 56 78", tags: ["box", "veg"], marketingConsent: true },
      { row: 2, email: "bob@example.org", name: "Bob", phone: "", tags: [], marketingConsent: false },
    ]);
  });

  test("a bad email, a tag too long, an email twice (any case), a consent that is not yes or no", () => {
    const file = [
      "email,tags,marketing_consent",
      "not-an-email,,",
      `a@example.org,${"x".repeat(41)},`,
      "b@example.org,,maybe",
      "c@example.org,,",
      "C@example.org,,",
    ].join("\n");
    const { errors } = readCustomersCsv(file);
    expect(errors.map((error) => [error.row, error.column, error.key])).toEqual([
      [1, "email", "errors:fields.invalidEmail"],
      [2, "tags", "errors:fields.tooLong"],
      [3, "marketing_consent", "catalogue:imports.errors.notYesNo"],
      [5, "email", "catalogue:imports.errors.repeatedRow"],
    ]);
  });
});

describe("exported cells", () => {
  test("formula starts are made inert, other text is kept", () => {
    expect(["=cmd|' /C calc'!A0", "+1", "-2", "@SUM(A1)", "\tx", "\rx", "Carrots", "3.50"].map(inertCell)).toEqual([
      "'=cmd|' /C calc'!A0",
      "'+1",
      "'-2",
      "'@SUM(A1)",
      "'\tx",
      "'\rx",
      "Carrots",
      "3.50",
    ]);
  });
});
