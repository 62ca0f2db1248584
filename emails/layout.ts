// The shared frame of every email: one 600px column, the sender enterprise first, plain-text twin.

export function escapeHtml(value: string): string {
  return value.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;").replace(/'/g, "&#39;");
}

/** Wraps body HTML (already escaped) in the house layout. */
export function htmlLayout({
  heading,
  preheader,
  bodyHtml,
  footer,
  lang,
}: {
  heading: string;
  preheader?: string;
  bodyHtml: string;
  footer: string;
  lang: string;
}) {
  return `<!doctype html>
<html lang="${escapeHtml(lang)}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${escapeHtml(heading)}</title></head>
<body style="margin:0;padding:0;background:#f6f7f4;font-family:system-ui,-apple-system,'Segoe UI',Roboto,sans-serif;color:#1f2a24;">
${preheader ? `<div style="display:none;max-height:0;overflow:hidden;">${escapeHtml(preheader)}</div>` : ""}
<table role="presentation" width="100%" cellpadding="0" cellspacing="0" style="background:#f6f7f4;"><tr><td align="center" style="padding:24px 12px;">
<table role="presentation" width="600" cellpadding="0" cellspacing="0" style="max-width:600px;width:100%;background:#ffffff;border:1px solid #dfe3dc;border-radius:8px;">
<tr><td style="padding:24px 28px 8px;"><h1 style="margin:0;font-size:20px;line-height:1.3;color:#1f2a24;">${escapeHtml(heading)}</h1></td></tr>
<tr><td style="padding:8px 28px 24px;font-size:15px;line-height:1.5;">${bodyHtml}</td></tr>
</table>
<p style="max-width:600px;font-size:12px;color:#5b6b61;margin:16px auto 0;">${escapeHtml(footer)}</p>
</td></tr></table></body></html>`;
}

/** The one call to action of an email: a leaf-green button (label and URL escaped here). */
export function buttonHtml(url: string, label: string): string {
  return `<a href="${escapeHtml(url)}" style="display:inline-block;background:#2f7d4f;color:#ffffff;padding:10px 16px;border-radius:6px;text-decoration:none;font-weight:600;">${escapeHtml(label)}</a>`;
}

/** The attributes of a table's cells in the emails that list lines (purchase orders, amendments), so they look alike. */
export const tableCellAttributes = {
  cell: 'style="padding:6px 4px;border-bottom:1px solid #eef0ec;"',
  cellRight: 'align="right" style="padding:6px 4px;border-bottom:1px solid #eef0ec;white-space:nowrap;"',
  head: 'style="padding:6px 4px;border-bottom:1px solid #dfe3dc;color:#5b6b61;text-align:left;"',
  headRight: 'style="padding:6px 4px;border-bottom:1px solid #dfe3dc;color:#5b6b61;text-align:right;"',
};

export type RenderedEmail = { subject: string; html: string; text: string };
