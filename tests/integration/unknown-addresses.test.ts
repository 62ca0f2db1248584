// An address no route knows: the API answers 404 in its JSON shape, in the caller's language.
import * as unknownApi from "#app/routes/api.$";
import { callRoute, json } from "#tests/support/http";

describe("unknown API addresses", () => {
  test("GET and POST answer 404 with the error contract, the message in the caller's language", async () => {
    const get = await callRoute(unknownApi, { path: "/api/v1/no-such-thing", params: { "*": "v1/no-such-thing" } });
    expect(get.status).toBe(404);
    expect(get.headers.get("Content-Type")).toContain("application/json");
    const english = (await json(get)).error;
    expect(english).toMatchObject({ code: "not_found", fields: {} });
    const post = await callRoute(unknownApi, {
      method: "POST",
      path: "/api/v1/no-such-thing",
      body: {},
      headers: { "Accept-Language": "fr" },
      params: { "*": "v1/no-such-thing" },
    });
    expect(post.status).toBe(404);
    const french = (await json(post)).error;
    expect(french.code).toBe("not_found");
    expect(french.message).not.toBe(english.message);
  });
});
