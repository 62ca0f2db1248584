// The import / export pages' loader and action, shared by products and customers: a file (or pasted
// text) checked by a dry run, then applied by sending the same text again from a hidden field, so the
// page works without JavaScript and the applied content is the checked one.
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { requireUserPage } from "#app/auth/actor.server";
import { importOwner } from "#app/domain/access/owned.server";
import type { ImportSubject } from "#app/domain/access/record-rules";
import { DomainError } from "#app/domain/errors";
import { importCustomers } from "#app/domain/imports/customers.server";
import { customerColumns } from "#app/domain/imports/customers";
import { importProducts } from "#app/domain/imports/products.server";
import { productColumns } from "#app/domain/imports/products";
import { decodeCsv } from "#app/domain/imports/table";
import { resolveLocale } from "#app/i18n/locale.server";
import { handleForm } from "./forms.server";
import { importResultJson, MAX_IMPORT_BYTES } from "./imports.server";
import { pageError } from "./pages.server";

const importers = { products: importProducts, customers: importCustomers };
const columnsOf = { products: productColumns, customers: customerColumns };

export async function importPageLoader({ request, params }: LoaderFunctionArgs, subject: ImportSubject) {
  const caller = await requireUserPage(request);
  const enterprise = await importOwner(caller.actor, params.enterpriseId!, subject).catch(pageError);
  const columns = columnsOf[subject];
  return {
    subject,
    enterprise: { id: enterprise.id, name: enterprise.name },
    columns: [...columns.all],
    required: [...columns.required],
    maxMegabytes: MAX_IMPORT_BYTES / 1024 / 1024,
    downloadUrl: `/api/v1/enterprises/${enterprise.id}/${subject}.csv`,
  };
}

/** The file's text: an uploaded file's bytes decoded (UTF-8 or Latin-1), else what was pasted or carried from the check. */
async function sentContent(form: FormData): Promise<string> {
  const file = form.get("file");
  if (file && typeof file !== "string" && file.size > 0) {
    if (file.size > MAX_IMPORT_BYTES)
      throw new DomainError("validation_failed", { file: { key: "fileTooLarge", values: { max: MAX_IMPORT_BYTES / 1024 / 1024 } } });
    return decodeCsv(new Uint8Array(await file.arrayBuffer()));
  }
  return String(form.get("content") ?? "");
}

export async function importPageAction({ request, params }: ActionFunctionArgs, subject: ImportSubject) {
  const caller = await requireUserPage(request);
  const locale = await resolveLocale(request, caller.user.locale);
  if (Number(request.headers.get("Content-Length") ?? 0) > MAX_IMPORT_BYTES + 1024 * 1024) throw new Response(null, { status: 413 });
  const form = await request.formData();
  const intent = form.get("intent") === "apply" ? "apply" : "check";
  return handleForm({ request, locale, form }, async () => {
    const content = await sentContent(form);
    if (content.trim() === "") throw new DomainError("validation_failed", { file: { key: "noFile" } });
    if (content.length > MAX_IMPORT_BYTES)
      throw new DomainError("validation_failed", { file: { key: "fileTooLarge", values: { max: MAX_IMPORT_BYTES / 1024 / 1024 } } });
    const result = await importers[subject](caller.actor, params.enterpriseId!, content, { dryRun: intent === "check" });
    // `checkedAt` keys the page's form, so a chosen file is cleared with each answer (a browser with
    // JavaScript keeps the form, and would send the old file instead of the fixed, pasted text).
    return { ok: true as const, intent, result: importResultJson(result, locale), content, checkedAt: Date.now() };
  });
}
