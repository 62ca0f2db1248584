ALTER TABLE "order_cycles" ADD COLUMN "series_id" text;--> statement-breakpoint
ALTER TABLE "order_cycles" ADD COLUMN "series_index" integer;--> statement-breakpoint
CREATE UNIQUE INDEX "order_cycles_series_idx" ON "order_cycles" USING btree ("series_id","series_index");