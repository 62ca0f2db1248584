CREATE TABLE "credit_entries" (
	"id" text PRIMARY KEY NOT NULL,
	"distributor_id" text NOT NULL,
	"email_key" text NOT NULL,
	"kind" text NOT NULL,
	"amount_cents" integer NOT NULL,
	"points" integer DEFAULT 0 NOT NULL,
	"note" text DEFAULT '' NOT NULL,
	"order_id" text,
	"recorded_by_user_id" text,
	"entry_key" text,
	"occurred_at" timestamp with time zone NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "credit_entries_entry_key_unique" UNIQUE("entry_key"),
	CONSTRAINT "credit_entries_kind_check" CHECK ("credit_entries"."kind" in ('earned', 'spent', 'adjustment', 'refund')),
	CONSTRAINT "credit_entries_amount_check" CHECK ("credit_entries"."amount_cents" <> 0)
);
--> statement-breakpoint
CREATE TABLE "customer_credits" (
	"distributor_id" text NOT NULL,
	"email_key" text NOT NULL,
	"balance_cents" integer DEFAULT 0 NOT NULL,
	"points" integer DEFAULT 0 NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "customer_credits_distributor_id_email_key_pk" PRIMARY KEY("distributor_id","email_key"),
	CONSTRAINT "customer_credits_balance_check" CHECK ("customer_credits"."balance_cents" >= 0),
	CONSTRAINT "customer_credits_points_check" CHECK ("customer_credits"."points" >= 0),
	CONSTRAINT "customer_credits_email_key_check" CHECK ("customer_credits"."email_key" = lower("customer_credits"."email_key"))
);
--> statement-breakpoint
CREATE TABLE "loyalty_settings" (
	"distributor_id" text PRIMARY KEY NOT NULL,
	"points_per_euro" integer,
	"cents_per_point" integer,
	"auto_tags" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "loyalty_settings_rates_check" CHECK (("loyalty_settings"."points_per_euro" is null and "loyalty_settings"."cents_per_point" is null) or ("loyalty_settings"."points_per_euro" > 0 and "loyalty_settings"."cents_per_point" > 0))
);
--> statement-breakpoint
ALTER TABLE "credit_entries" ADD CONSTRAINT "credit_entries_distributor_id_enterprises_id_fk" FOREIGN KEY ("distributor_id") REFERENCES "public"."enterprises"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "credit_entries" ADD CONSTRAINT "credit_entries_order_id_orders_id_fk" FOREIGN KEY ("order_id") REFERENCES "public"."orders"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "credit_entries" ADD CONSTRAINT "credit_entries_recorded_by_user_id_users_id_fk" FOREIGN KEY ("recorded_by_user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "customer_credits" ADD CONSTRAINT "customer_credits_distributor_id_enterprises_id_fk" FOREIGN KEY ("distributor_id") REFERENCES "public"."enterprises"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "loyalty_settings" ADD CONSTRAINT "loyalty_settings_distributor_id_enterprises_id_fk" FOREIGN KEY ("distributor_id") REFERENCES "public"."enterprises"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "credit_entries_customer_idx" ON "credit_entries" USING btree ("distributor_id","email_key","occurred_at");