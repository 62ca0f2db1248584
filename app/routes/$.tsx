// Any address no other route knows: a 404 thrown from a loader, so the root loader runs first and
// the error page comes in the reader's language inside the usual header (a bare no-match skips it).
export function loader(): never {
  throw new Response(null, { status: 404 });
}

export default function NotFound() {
  return null;
}
