ALTER TABLE "products" ADD COLUMN "external_id" text;--> statement-breakpoint
ALTER TABLE "variants" ADD COLUMN "external_id" text;--> statement-breakpoint
ALTER TABLE "variants" ADD COLUMN "external_id_owner_id" text;--> statement-breakpoint
ALTER TABLE "order_cycles" ADD COLUMN "external_id" text;--> statement-breakpoint
ALTER TABLE "orders" ADD COLUMN "external_id" text;--> statement-breakpoint
ALTER TABLE "customers" ADD COLUMN "external_id" text;--> statement-breakpoint
ALTER TABLE "variants" ADD CONSTRAINT "variants_external_id_owner_id_enterprises_id_fk" FOREIGN KEY ("external_id_owner_id") REFERENCES "public"."enterprises"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "products_external_id_idx" ON "products" USING btree ("enterprise_id","external_id") WHERE "products"."external_id" is not null;--> statement-breakpoint
CREATE UNIQUE INDEX "variants_external_id_idx" ON "variants" USING btree ("external_id_owner_id","external_id") WHERE "variants"."external_id" is not null;--> statement-breakpoint
CREATE UNIQUE INDEX "order_cycles_external_id_idx" ON "order_cycles" USING btree ("coordinator_id","external_id") WHERE "order_cycles"."external_id" is not null;--> statement-breakpoint
CREATE UNIQUE INDEX "orders_external_id_idx" ON "orders" USING btree ("distributor_id","external_id") WHERE "orders"."external_id" is not null;--> statement-breakpoint
CREATE INDEX "orders_feed_idx" ON "orders" USING btree ("order_cycle_id","updated_at","id");--> statement-breakpoint
CREATE UNIQUE INDEX "customers_external_id_idx" ON "customers" USING btree ("distributor_id","external_id") WHERE "customers"."external_id" is not null;--> statement-breakpoint
ALTER TABLE "variants" ADD CONSTRAINT "variants_external_id_owner_check" CHECK (("variants"."external_id" is null) = ("variants"."external_id_owner_id" is null));