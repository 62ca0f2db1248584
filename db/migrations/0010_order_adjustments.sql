CREATE TABLE "order_changes" (
	"id" text PRIMARY KEY NOT NULL,
	"order_id" text NOT NULL,
	"changed_at" timestamp with time zone NOT NULL,
	"seq" bigserial NOT NULL,
	"actor_user_id" text,
	"actor_enterprise_id" text,
	"source" text NOT NULL,
	"variant_id" text NOT NULL,
	"product_name" text NOT NULL,
	"variant_name" text NOT NULL,
	"before_quantity" integer NOT NULL,
	"after_quantity" integer NOT NULL,
	"before_actual_weight_grams" integer,
	"after_actual_weight_grams" integer,
	"before_total_cents" integer NOT NULL,
	"after_total_cents" integer NOT NULL,
	"note" text DEFAULT '' NOT NULL,
	"notified_at" timestamp with time zone,
	CONSTRAINT "order_changes_source_check" CHECK ("order_changes"."source" in ('buyer', 'staff', 'producer')),
	CONSTRAINT "order_changes_quantity_check" CHECK ("order_changes"."before_quantity" >= 0 and "order_changes"."after_quantity" >= 0)
);
--> statement-breakpoint
ALTER TABLE "variants" ADD COLUMN "sold_by_weight" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "order_lines" ADD COLUMN "actual_weight_grams" integer;--> statement-breakpoint
ALTER TABLE "order_changes" ADD CONSTRAINT "order_changes_order_id_orders_id_fk" FOREIGN KEY ("order_id") REFERENCES "public"."orders"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "order_changes" ADD CONSTRAINT "order_changes_actor_user_id_users_id_fk" FOREIGN KEY ("actor_user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "order_changes" ADD CONSTRAINT "order_changes_actor_enterprise_id_enterprises_id_fk" FOREIGN KEY ("actor_enterprise_id") REFERENCES "public"."enterprises"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "order_changes" ADD CONSTRAINT "order_changes_variant_id_variants_id_fk" FOREIGN KEY ("variant_id") REFERENCES "public"."variants"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "order_changes_order_idx" ON "order_changes" USING btree ("order_id","seq");--> statement-breakpoint
CREATE INDEX "order_changes_unnotified_idx" ON "order_changes" USING btree ("order_id") WHERE "order_changes"."notified_at" is null;--> statement-breakpoint
ALTER TABLE "variants" ADD CONSTRAINT "variants_sold_by_weight_check" CHECK (not "variants"."sold_by_weight" or coalesce("variants"."weight_grams", 0) > 0);--> statement-breakpoint
ALTER TABLE "order_lines" ADD CONSTRAINT "order_lines_actual_weight_check" CHECK ("order_lines"."actual_weight_grams" is null or "order_lines"."actual_weight_grams" > 0);