ALTER TABLE "outbox_emails" DROP CONSTRAINT "outbox_emails_status_check";--> statement-breakpoint
ALTER TABLE "enterprises" ADD COLUMN "announce_open_cycles" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "enterprises" ADD COLUMN "closing_reminder_hours" integer DEFAULT 24;--> statement-breakpoint
ALTER TABLE "outbox_emails" ADD COLUMN "marketing_customer_id" text;--> statement-breakpoint
ALTER TABLE "outbox_emails" ADD COLUMN "unsubscribe_url" text;--> statement-breakpoint
ALTER TABLE "outbox_emails" ADD COLUMN "not_before" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "enterprises" ADD CONSTRAINT "enterprises_closing_reminder_hours_check" CHECK ("enterprises"."closing_reminder_hours" between 1 and 168);--> statement-breakpoint
ALTER TABLE "outbox_emails" ADD CONSTRAINT "outbox_emails_status_check" CHECK ("outbox_emails"."status" in ('queued', 'sent', 'failed', 'withdrawn'));