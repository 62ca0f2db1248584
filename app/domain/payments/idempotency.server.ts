// Idempotency-Key for the POSTs that record money (docs/api.md): the first request with a key runs
// in a transaction that also stores its answer under (caller, route, key); the same key again from
// the same caller gets that answer back and records nothing. Two at once: the second's insert of the
// key waits on the first's row until it commits, then finds the stored answer.
import { and, eq } from "drizzle-orm";
import { getDb, type Executor } from "#db/connection.server";
import { idempotencyKeys } from "#db/schema";
import { invalidField } from "#app/domain/errors";

export type IdempotencyScope = { actorUserId: string; scope: string; key?: string | null };

const keyPattern = /^[\x21-\x7e]{1,255}$/;

export async function idempotent<T>(scope: IdempotencyScope, run: (tx: Executor) => Promise<T>): Promise<{ result: T; replayed: boolean }> {
  const key = scope.key?.trim();
  if (!key) return { result: await getDb().transaction(run), replayed: false };
  if (!keyPattern.test(key)) throw invalidField("idempotencyKey", "invalidFormat");
  return getDb().transaction(async (tx) => {
    const claimed = await tx
      .insert(idempotencyKeys)
      .values({ actorUserId: scope.actorUserId, scope: scope.scope, key })
      .onConflictDoNothing()
      .returning({ key: idempotencyKeys.key });
    if (claimed.length === 0) {
      const [stored] = await tx
        .select({ response: idempotencyKeys.response })
        .from(idempotencyKeys)
        .where(and(eq(idempotencyKeys.actorUserId, scope.actorUserId), eq(idempotencyKeys.scope, scope.scope), eq(idempotencyKeys.key, key)));
      return { result: stored!.response as T, replayed: true };
    }
    const result = await run(tx);
    await tx
      .update(idempotencyKeys)
      .set({ status: 200, response: result as object })
      .where(and(eq(idempotencyKeys.actorUserId, scope.actorUserId), eq(idempotencyKeys.scope, scope.scope), eq(idempotencyKeys.key, key)));
    return { result, replayed: false };
  });
}
