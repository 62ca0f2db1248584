CREATE TABLE "order_cycle_thresholds" (
	"id" text PRIMARY KEY NOT NULL,
	"order_cycle_id" text NOT NULL,
	"scope" text NOT NULL,
	"supplier_id" text,
	"distributor_id" text,
	"shipping_method_id" text,
	"measure" text NOT NULL,
	"minimum" integer NOT NULL,
	"policy" text NOT NULL,
	"extend_days" integer,
	"outcome" text,
	"value_at_close" integer,
	"applied_at" timestamp with time zone,
	"extended_once" boolean DEFAULT false NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "order_cycle_thresholds_scope_check" CHECK ("order_cycle_thresholds"."scope" in ('cycle', 'supplier', 'shipping_method')),
	CONSTRAINT "order_cycle_thresholds_scope_ids_check" CHECK (("order_cycle_thresholds"."scope" = 'cycle' and "order_cycle_thresholds"."supplier_id" is null and "order_cycle_thresholds"."distributor_id" is null and "order_cycle_thresholds"."shipping_method_id" is null)
        or ("order_cycle_thresholds"."scope" = 'supplier' and "order_cycle_thresholds"."supplier_id" is not null and "order_cycle_thresholds"."distributor_id" is null and "order_cycle_thresholds"."shipping_method_id" is null)
        or ("order_cycle_thresholds"."scope" = 'shipping_method' and "order_cycle_thresholds"."supplier_id" is null and "order_cycle_thresholds"."distributor_id" is not null and "order_cycle_thresholds"."shipping_method_id" is not null)),
	CONSTRAINT "order_cycle_thresholds_measure_check" CHECK ("order_cycle_thresholds"."measure" in ('amount', 'units')),
	CONSTRAINT "order_cycle_thresholds_minimum_check" CHECK ("order_cycle_thresholds"."minimum" > 0),
	CONSTRAINT "order_cycle_thresholds_policy_check" CHECK ("order_cycle_thresholds"."policy" in ('proceed', 'cancel', 'extend')),
	CONSTRAINT "order_cycle_thresholds_extend_check" CHECK (("order_cycle_thresholds"."policy" = 'extend' and "order_cycle_thresholds"."extend_days" between 1 and 30) or ("order_cycle_thresholds"."policy" <> 'extend' and "order_cycle_thresholds"."extend_days" is null)),
	CONSTRAINT "order_cycle_thresholds_outcome_check" CHECK ("order_cycle_thresholds"."outcome" is null or "order_cycle_thresholds"."outcome" in ('reached', 'proceeded', 'cancelled', 'extended'))
);
--> statement-breakpoint
ALTER TABLE "order_cycle_thresholds" ADD CONSTRAINT "order_cycle_thresholds_order_cycle_id_order_cycles_id_fk" FOREIGN KEY ("order_cycle_id") REFERENCES "public"."order_cycles"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "order_cycle_thresholds" ADD CONSTRAINT "order_cycle_thresholds_supplier_id_enterprises_id_fk" FOREIGN KEY ("supplier_id") REFERENCES "public"."enterprises"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "order_cycle_thresholds" ADD CONSTRAINT "order_cycle_thresholds_distributor_id_enterprises_id_fk" FOREIGN KEY ("distributor_id") REFERENCES "public"."enterprises"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "order_cycle_thresholds" ADD CONSTRAINT "order_cycle_thresholds_shipping_method_id_shipping_methods_id_fk" FOREIGN KEY ("shipping_method_id") REFERENCES "public"."shipping_methods"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "order_cycle_thresholds_cycle_idx" ON "order_cycle_thresholds" USING btree ("order_cycle_id");