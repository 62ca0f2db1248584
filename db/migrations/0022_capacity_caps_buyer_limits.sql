CREATE TABLE "pickup_point_caps" (
	"exchange_id" text NOT NULL,
	"shipping_method_id" text NOT NULL,
	"max_orders" integer NOT NULL,
	"placed_orders" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "pickup_point_caps_exchange_id_shipping_method_id_pk" PRIMARY KEY("exchange_id","shipping_method_id"),
	CONSTRAINT "pickup_point_caps_max_orders_check" CHECK ("pickup_point_caps"."max_orders" > 0)
);
--> statement-breakpoint
ALTER TABLE "incoming_exchange_variants" ADD COLUMN "max_per_buyer" integer;--> statement-breakpoint
ALTER TABLE "order_cycles" ADD COLUMN "max_orders" integer;--> statement-breakpoint
ALTER TABLE "order_cycles" ADD COLUMN "placed_orders" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "pickup_point_caps" ADD CONSTRAINT "pickup_point_caps_exchange_id_outgoing_exchanges_id_fk" FOREIGN KEY ("exchange_id") REFERENCES "public"."outgoing_exchanges"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "pickup_point_caps" ADD CONSTRAINT "pickup_point_caps_shipping_method_id_shipping_methods_id_fk" FOREIGN KEY ("shipping_method_id") REFERENCES "public"."shipping_methods"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "incoming_exchange_variants" ADD CONSTRAINT "incoming_exchange_variants_max_per_buyer_check" CHECK ("incoming_exchange_variants"."max_per_buyer" is null or "incoming_exchange_variants"."max_per_buyer" > 0);--> statement-breakpoint
ALTER TABLE "order_cycles" ADD CONSTRAINT "order_cycles_max_orders_check" CHECK ("order_cycles"."max_orders" is null or "order_cycles"."max_orders" > 0);