import { smtpConnections } from "#emails/transport.server";

describe("SMTP_MAX_CONNECTIONS", () => {
  test.each([
    [undefined, 4],
    ["1", 1],
    ["12", 12],
    ["100", 100],
    ["0", 4],
    ["101", 4],
    ["2.5", 4],
    ["many", 4],
  ])("%s gives %i connections", (value, expected) => {
    expect(smtpConnections(value === undefined ? {} : { SMTP_MAX_CONNECTIONS: value })).toBe(expected);
  });
});
