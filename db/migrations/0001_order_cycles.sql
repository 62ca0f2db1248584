CREATE TABLE "incoming_exchange_fees" (
	"exchange_id" text NOT NULL,
	"fee_id" text NOT NULL,
	"position" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "incoming_exchange_fees_exchange_id_fee_id_pk" PRIMARY KEY("exchange_id","fee_id")
);
--> statement-breakpoint
CREATE TABLE "incoming_exchange_variants" (
	"exchange_id" text NOT NULL,
	"variant_id" text NOT NULL,
	CONSTRAINT "incoming_exchange_variants_exchange_id_variant_id_pk" PRIMARY KEY("exchange_id","variant_id")
);
--> statement-breakpoint
CREATE TABLE "incoming_exchanges" (
	"id" text PRIMARY KEY NOT NULL,
	"order_cycle_id" text NOT NULL,
	"supplier_id" text NOT NULL,
	"receival_instructions" text DEFAULT '' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "order_cycle_coordinator_fees" (
	"order_cycle_id" text NOT NULL,
	"fee_id" text NOT NULL,
	"position" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "order_cycle_coordinator_fees_order_cycle_id_fee_id_pk" PRIMARY KEY("order_cycle_id","fee_id")
);
--> statement-breakpoint
CREATE TABLE "order_cycle_history" (
	"id" text PRIMARY KEY NOT NULL,
	"order_cycle_id" text NOT NULL,
	"user_id" text,
	"action" text NOT NULL,
	"details" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "order_cycles" (
	"id" text PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"coordinator_id" text NOT NULL,
	"opens_at" timestamp with time zone,
	"closes_at" timestamp with time zone,
	"automatic_notifications" boolean DEFAULT false NOT NULL,
	"notified_at" timestamp with time zone,
	"processed_closes_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "order_cycles_dates_check" CHECK ("order_cycles"."opens_at" is null or "order_cycles"."closes_at" is null or "order_cycles"."closes_at" > "order_cycles"."opens_at")
);
--> statement-breakpoint
CREATE TABLE "outgoing_exchange_fees" (
	"exchange_id" text NOT NULL,
	"fee_id" text NOT NULL,
	"position" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "outgoing_exchange_fees_exchange_id_fee_id_pk" PRIMARY KEY("exchange_id","fee_id")
);
--> statement-breakpoint
CREATE TABLE "outgoing_exchange_payment_methods" (
	"exchange_id" text NOT NULL,
	"payment_method_id" text NOT NULL,
	CONSTRAINT "outgoing_exchange_payment_methods_exchange_id_payment_method_id_pk" PRIMARY KEY("exchange_id","payment_method_id")
);
--> statement-breakpoint
CREATE TABLE "outgoing_exchange_shipping_methods" (
	"exchange_id" text NOT NULL,
	"shipping_method_id" text NOT NULL,
	CONSTRAINT "outgoing_exchange_shipping_methods_exchange_id_shipping_method_id_pk" PRIMARY KEY("exchange_id","shipping_method_id")
);
--> statement-breakpoint
CREATE TABLE "outgoing_exchange_variants" (
	"exchange_id" text NOT NULL,
	"variant_id" text NOT NULL,
	CONSTRAINT "outgoing_exchange_variants_exchange_id_variant_id_pk" PRIMARY KEY("exchange_id","variant_id")
);
--> statement-breakpoint
CREATE TABLE "outgoing_exchanges" (
	"id" text PRIMARY KEY NOT NULL,
	"order_cycle_id" text NOT NULL,
	"distributor_id" text NOT NULL,
	"ready_for" text DEFAULT '' NOT NULL,
	"ready_on" date,
	"pickup_instructions" text DEFAULT '' NOT NULL,
	"tags" text[] DEFAULT '{}'::text[] NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "order_lines" (
	"id" text PRIMARY KEY NOT NULL,
	"order_id" text NOT NULL,
	"variant_id" text NOT NULL,
	"quantity" integer NOT NULL,
	"unit_price_cents" integer NOT NULL,
	"total_cents" integer NOT NULL,
	CONSTRAINT "order_lines_quantity_check" CHECK ("order_lines"."quantity" > 0)
);
--> statement-breakpoint
CREATE TABLE "orders" (
	"id" text PRIMARY KEY NOT NULL,
	"number" bigserial NOT NULL,
	"order_cycle_id" text NOT NULL,
	"distributor_id" text NOT NULL,
	"buyer_id" text,
	"email" text NOT NULL,
	"buyer_name" text DEFAULT '' NOT NULL,
	"state" text DEFAULT 'cart' NOT NULL,
	"payment_state" text DEFAULT 'unpaid' NOT NULL,
	"shipping_method_id" text,
	"payment_method_id" text,
	"delivery_address" text DEFAULT '' NOT NULL,
	"locale" text DEFAULT 'en' NOT NULL,
	"items_total_cents" integer DEFAULT 0 NOT NULL,
	"fees_total_cents" integer DEFAULT 0 NOT NULL,
	"total_cents" integer DEFAULT 0 NOT NULL,
	"placed_at" timestamp with time zone,
	"cancelled_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "orders_number_unique" UNIQUE("number"),
	CONSTRAINT "orders_state_check" CHECK ("orders"."state" in ('cart', 'placed', 'cancelled'))
);
--> statement-breakpoint
ALTER TABLE "incoming_exchange_fees" ADD CONSTRAINT "incoming_exchange_fees_exchange_id_incoming_exchanges_id_fk" FOREIGN KEY ("exchange_id") REFERENCES "public"."incoming_exchanges"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "incoming_exchange_fees" ADD CONSTRAINT "incoming_exchange_fees_fee_id_enterprise_fees_id_fk" FOREIGN KEY ("fee_id") REFERENCES "public"."enterprise_fees"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "incoming_exchange_variants" ADD CONSTRAINT "incoming_exchange_variants_exchange_id_incoming_exchanges_id_fk" FOREIGN KEY ("exchange_id") REFERENCES "public"."incoming_exchanges"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "incoming_exchange_variants" ADD CONSTRAINT "incoming_exchange_variants_variant_id_variants_id_fk" FOREIGN KEY ("variant_id") REFERENCES "public"."variants"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "incoming_exchanges" ADD CONSTRAINT "incoming_exchanges_order_cycle_id_order_cycles_id_fk" FOREIGN KEY ("order_cycle_id") REFERENCES "public"."order_cycles"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "incoming_exchanges" ADD CONSTRAINT "incoming_exchanges_supplier_id_enterprises_id_fk" FOREIGN KEY ("supplier_id") REFERENCES "public"."enterprises"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "order_cycle_coordinator_fees" ADD CONSTRAINT "order_cycle_coordinator_fees_order_cycle_id_order_cycles_id_fk" FOREIGN KEY ("order_cycle_id") REFERENCES "public"."order_cycles"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "order_cycle_coordinator_fees" ADD CONSTRAINT "order_cycle_coordinator_fees_fee_id_enterprise_fees_id_fk" FOREIGN KEY ("fee_id") REFERENCES "public"."enterprise_fees"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "order_cycle_history" ADD CONSTRAINT "order_cycle_history_order_cycle_id_order_cycles_id_fk" FOREIGN KEY ("order_cycle_id") REFERENCES "public"."order_cycles"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "order_cycle_history" ADD CONSTRAINT "order_cycle_history_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "order_cycles" ADD CONSTRAINT "order_cycles_coordinator_id_enterprises_id_fk" FOREIGN KEY ("coordinator_id") REFERENCES "public"."enterprises"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "outgoing_exchange_fees" ADD CONSTRAINT "outgoing_exchange_fees_exchange_id_outgoing_exchanges_id_fk" FOREIGN KEY ("exchange_id") REFERENCES "public"."outgoing_exchanges"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "outgoing_exchange_fees" ADD CONSTRAINT "outgoing_exchange_fees_fee_id_enterprise_fees_id_fk" FOREIGN KEY ("fee_id") REFERENCES "public"."enterprise_fees"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "outgoing_exchange_payment_methods" ADD CONSTRAINT "outgoing_exchange_payment_methods_exchange_id_outgoing_exchanges_id_fk" FOREIGN KEY ("exchange_id") REFERENCES "public"."outgoing_exchanges"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "outgoing_exchange_payment_methods" ADD CONSTRAINT "outgoing_exchange_payment_methods_payment_method_id_payment_methods_id_fk" FOREIGN KEY ("payment_method_id") REFERENCES "public"."payment_methods"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "outgoing_exchange_shipping_methods" ADD CONSTRAINT "outgoing_exchange_shipping_methods_exchange_id_outgoing_exchanges_id_fk" FOREIGN KEY ("exchange_id") REFERENCES "public"."outgoing_exchanges"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "outgoing_exchange_shipping_methods" ADD CONSTRAINT "outgoing_exchange_shipping_methods_shipping_method_id_shipping_methods_id_fk" FOREIGN KEY ("shipping_method_id") REFERENCES "public"."shipping_methods"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "outgoing_exchange_variants" ADD CONSTRAINT "outgoing_exchange_variants_exchange_id_outgoing_exchanges_id_fk" FOREIGN KEY ("exchange_id") REFERENCES "public"."outgoing_exchanges"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "outgoing_exchange_variants" ADD CONSTRAINT "outgoing_exchange_variants_variant_id_variants_id_fk" FOREIGN KEY ("variant_id") REFERENCES "public"."variants"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "outgoing_exchanges" ADD CONSTRAINT "outgoing_exchanges_order_cycle_id_order_cycles_id_fk" FOREIGN KEY ("order_cycle_id") REFERENCES "public"."order_cycles"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "outgoing_exchanges" ADD CONSTRAINT "outgoing_exchanges_distributor_id_enterprises_id_fk" FOREIGN KEY ("distributor_id") REFERENCES "public"."enterprises"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "order_lines" ADD CONSTRAINT "order_lines_order_id_orders_id_fk" FOREIGN KEY ("order_id") REFERENCES "public"."orders"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "order_lines" ADD CONSTRAINT "order_lines_variant_id_variants_id_fk" FOREIGN KEY ("variant_id") REFERENCES "public"."variants"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "orders" ADD CONSTRAINT "orders_order_cycle_id_order_cycles_id_fk" FOREIGN KEY ("order_cycle_id") REFERENCES "public"."order_cycles"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "orders" ADD CONSTRAINT "orders_distributor_id_enterprises_id_fk" FOREIGN KEY ("distributor_id") REFERENCES "public"."enterprises"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "orders" ADD CONSTRAINT "orders_buyer_id_users_id_fk" FOREIGN KEY ("buyer_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "orders" ADD CONSTRAINT "orders_shipping_method_id_shipping_methods_id_fk" FOREIGN KEY ("shipping_method_id") REFERENCES "public"."shipping_methods"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "orders" ADD CONSTRAINT "orders_payment_method_id_payment_methods_id_fk" FOREIGN KEY ("payment_method_id") REFERENCES "public"."payment_methods"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "incoming_exchanges_unique_idx" ON "incoming_exchanges" USING btree ("order_cycle_id","supplier_id");--> statement-breakpoint
CREATE INDEX "incoming_exchanges_supplier_idx" ON "incoming_exchanges" USING btree ("supplier_id");--> statement-breakpoint
CREATE INDEX "order_cycle_history_cycle_idx" ON "order_cycle_history" USING btree ("order_cycle_id","created_at");--> statement-breakpoint
CREATE INDEX "order_cycles_coordinator_idx" ON "order_cycles" USING btree ("coordinator_id");--> statement-breakpoint
CREATE INDEX "order_cycles_closes_at_idx" ON "order_cycles" USING btree ("closes_at");--> statement-breakpoint
CREATE UNIQUE INDEX "outgoing_exchanges_unique_idx" ON "outgoing_exchanges" USING btree ("order_cycle_id","distributor_id");--> statement-breakpoint
CREATE INDEX "outgoing_exchanges_distributor_idx" ON "outgoing_exchanges" USING btree ("distributor_id");--> statement-breakpoint
CREATE INDEX "order_lines_order_idx" ON "order_lines" USING btree ("order_id");--> statement-breakpoint
CREATE INDEX "order_lines_variant_idx" ON "order_lines" USING btree ("variant_id");--> statement-breakpoint
CREATE INDEX "orders_cycle_idx" ON "orders" USING btree ("order_cycle_id","state");--> statement-breakpoint
CREATE INDEX "orders_distributor_idx" ON "orders" USING btree ("distributor_id","order_cycle_id");--> statement-breakpoint
CREATE INDEX "orders_buyer_idx" ON "orders" USING btree ("buyer_id");