// The HTTP answer carrying a calendar file: text/calendar, offered as a download, never cached by a
// shared proxy (it is one buyer's pickup).
export function calendarResponse(calendar: { fileName: string; content: string }): Response {
  return new Response(calendar.content, {
    status: 200,
    headers: {
      "Content-Type": "text/calendar; charset=utf-8",
      "Content-Disposition": `attachment; filename="${calendar.fileName}"`,
      "Cache-Control": "private, no-store",
    },
  });
}
