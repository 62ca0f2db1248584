ALTER TABLE "outbox_emails" ADD COLUMN "cycle_id" text;--> statement-breakpoint
ALTER TABLE "outbox_emails" ADD COLUMN "supplier_id" text;--> statement-breakpoint
ALTER TABLE "outbox_emails" ADD COLUMN "order_id" text;--> statement-breakpoint
ALTER TABLE "outbox_emails" ADD COLUMN "enterprise_id" text;--> statement-breakpoint
CREATE INDEX "outbox_emails_cycle_idx" ON "outbox_emails" USING btree ("cycle_id","supplier_id","created_at");--> statement-breakpoint
-- Backfill: the rows written before these columns carry the same facts in their idempotency keys.
UPDATE "outbox_emails" SET "cycle_id" = split_part("idempotency_key", ':', 2), "supplier_id" = split_part("idempotency_key", ':', 3) WHERE "idempotency_key" LIKE 'producer-notification:%';--> statement-breakpoint
UPDATE "outbox_emails" SET "cycle_id" = split_part("idempotency_key", ':', 2) WHERE "idempotency_key" LIKE 'coordinator-digest:%';--> statement-breakpoint
UPDATE "outbox_emails" SET "order_id" = split_part("idempotency_key", ':', 2) WHERE "idempotency_key" LIKE 'order:%' OR "idempotency_key" LIKE 'reminder:%';--> statement-breakpoint
UPDATE "outbox_emails" SET "enterprise_id" = split_part("idempotency_key", ':', 2) WHERE "idempotency_key" LIKE 'invite:%';--> statement-breakpoint
UPDATE "outbox_emails" o SET "cycle_id" = h."order_cycle_id", "supplier_id" = h."details"->>'supplierId' FROM "order_cycle_history" h WHERE o."idempotency_key" = 'ordered-variants-withdrawn:' || h."id";
