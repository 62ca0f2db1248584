ALTER TABLE "outgoing_exchanges" ADD COLUMN "visibility" text DEFAULT 'listed' NOT NULL;--> statement-breakpoint
ALTER TABLE "outgoing_exchanges" ADD COLUMN "share_key" text;--> statement-breakpoint
ALTER TABLE "outgoing_exchanges" ADD COLUMN "variants_locked" boolean DEFAULT false NOT NULL;--> statement-breakpoint
CREATE UNIQUE INDEX "outgoing_exchanges_share_key_idx" ON "outgoing_exchanges" USING btree ("share_key");--> statement-breakpoint
ALTER TABLE "outgoing_exchanges" ADD CONSTRAINT "outgoing_exchanges_visibility_check" CHECK ("outgoing_exchanges"."visibility" in ('listed', 'unlisted'));