// Node flags of the web server process, for `npm start` and the benchmark alike.
// With no heap limit V8 sizes the heap for this machine's whole memory and lets it grow: the
// server reached 350 MB under load. A 512 MB ceiling makes it collect sooner and keeps it near
// 220 MB, at the same throughput (docs/quality.md P6). An operator's NODE_OPTIONS limit wins.
export function serverNodeFlags(env: NodeJS.ProcessEnv = process.env): string[] {
  return env.NODE_OPTIONS?.includes("max-old-space-size") ? [] : ["--max-old-space-size=512"];
}
