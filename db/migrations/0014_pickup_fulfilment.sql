CREATE TABLE "order_fulfilment_changes" (
	"id" text PRIMARY KEY NOT NULL,
	"order_id" text NOT NULL,
	"changed_at" timestamp with time zone NOT NULL,
	"seq" bigserial NOT NULL,
	"actor_user_id" text,
	"from_state" text NOT NULL,
	"to_state" text NOT NULL,
	CONSTRAINT "order_fulfilment_changes_states_check" CHECK ("order_fulfilment_changes"."from_state" in ('pending', 'collected', 'no_show') and "order_fulfilment_changes"."to_state" in ('pending', 'collected', 'no_show'))
);
--> statement-breakpoint
ALTER TABLE "orders" ADD COLUMN "fulfilment_state" text DEFAULT 'pending' NOT NULL;--> statement-breakpoint
ALTER TABLE "orders" ADD COLUMN "fulfilment_changed_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "orders" ADD COLUMN "fulfilment_changed_by_user_id" text;--> statement-breakpoint
ALTER TABLE "orders" ADD COLUMN "collected_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "orders" ADD COLUMN "collected_by_user_id" text;--> statement-breakpoint
ALTER TABLE "order_fulfilment_changes" ADD CONSTRAINT "order_fulfilment_changes_order_id_orders_id_fk" FOREIGN KEY ("order_id") REFERENCES "public"."orders"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "order_fulfilment_changes" ADD CONSTRAINT "order_fulfilment_changes_actor_user_id_users_id_fk" FOREIGN KEY ("actor_user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "order_fulfilment_changes_order_idx" ON "order_fulfilment_changes" USING btree ("order_id","seq");--> statement-breakpoint
ALTER TABLE "orders" ADD CONSTRAINT "orders_fulfilment_changed_by_user_id_users_id_fk" FOREIGN KEY ("fulfilment_changed_by_user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "orders" ADD CONSTRAINT "orders_collected_by_user_id_users_id_fk" FOREIGN KEY ("collected_by_user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "orders_pickup_idx" ON "orders" USING btree ("order_cycle_id","distributor_id","shipping_method_id");--> statement-breakpoint
ALTER TABLE "orders" ADD CONSTRAINT "orders_fulfilment_state_check" CHECK ("orders"."fulfilment_state" in ('pending', 'collected', 'no_show'));