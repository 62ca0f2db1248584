// The lines a buyer asks for: at most 200, whole quantities of 0 to 999, one per variant once merged. Pure.
import { z } from "zod";

/** The most of one variant a line can ask for. */
export const MAX_QUANTITY = 999;

const id = z.string().trim().min(1).max(64);
export const orderLinesSchema = z.array(z.object({ variantId: id, quantity: z.number().int().min(0).max(MAX_QUANTITY) })).max(200);

/** Same variant twice adds up; zero quantities drop out. */
export function mergeLines(lines: readonly { variantId: string; quantity: number }[]) {
  const merged = new Map<string, number>();
  for (const line of lines) merged.set(line.variantId, (merged.get(line.variantId) ?? 0) + line.quantity);
  return [...merged].filter(([, quantity]) => quantity > 0).map(([variantId, quantity]) => ({ variantId, quantity }));
}
