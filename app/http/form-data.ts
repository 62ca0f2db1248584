// Reading an HTML form into the plain object a command validates.

/** Form data as a plain object; repeated names become arrays when listed in `arrays`. */
export function formToObject(form: FormData, arrays: readonly string[] = []): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const name of new Set(form.keys())) {
    const values = form.getAll(name).map((v) => (typeof v === "string" ? v : ""));
    out[name] = arrays.includes(name) ? values : values[values.length - 1];
  }
  for (const name of arrays) out[name] ??= [];
  return out;
}
