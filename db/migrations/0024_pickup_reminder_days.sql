CREATE TABLE "pickup_reminders" (
	"order_id" text NOT NULL,
	"ready_on" date NOT NULL,
	"days_before" integer NOT NULL,
	"outbox_email_id" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "pickup_reminders_order_id_ready_on_days_before_pk" PRIMARY KEY("order_id","ready_on","days_before")
);
--> statement-breakpoint
ALTER TABLE "enterprises" ADD COLUMN "pickup_reminder_days" integer[] DEFAULT '{1}'::integer[] NOT NULL;--> statement-breakpoint
ALTER TABLE "outbox_emails" ADD COLUMN "attachments" jsonb DEFAULT '[]'::jsonb NOT NULL;--> statement-breakpoint
ALTER TABLE "pickup_reminders" ADD CONSTRAINT "pickup_reminders_order_id_orders_id_fk" FOREIGN KEY ("order_id") REFERENCES "public"."orders"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "enterprises" ADD CONSTRAINT "enterprises_pickup_reminder_days_check" CHECK ("enterprises"."pickup_reminder_days" <@ '{1,3,7}'::integer[]);