ALTER TABLE "order_cycles" ADD COLUMN "announced_opens_at" timestamp with time zone;--> statement-breakpoint
-- Cycles already open or past were opened before anyone could listen: nothing to announce for them.
UPDATE "order_cycles" SET "announced_opens_at" = "opens_at" WHERE "opens_at" IS NOT NULL AND "opens_at" <= now();
