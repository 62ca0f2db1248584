// The floor of one Node process for the shop API (docs/quality.md P1): a bare `node:http` server that
// answers every request with the bytes the shop API sent for its first page (the file named by
// argv[2], `{ contentType, body }` with the body in base64), and nothing else: no routing, no
// framework, no database. Prints `listening <port>` once it listens.
import { readFileSync } from "node:fs";
import { createServer } from "node:http";

const { contentType, body } = JSON.parse(readFileSync(process.argv[2], "utf8")) as { contentType: string; body: string };
const bytes = Buffer.from(body, "base64");
const headers = { "Content-Type": contentType, "Content-Length": String(bytes.byteLength) };
const server = createServer((_request, response) => {
  response.writeHead(200, headers);
  response.end(bytes);
});
server.listen(0, "127.0.0.1", () => console.log(`listening ${(server.address() as { port: number }).port}`));
process.once("SIGTERM", () => server.close(() => process.exit(0)));
