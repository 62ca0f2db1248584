-- Carts made twice before these indexes existed: each buyer keeps the one changed last.
DELETE FROM "orders" o USING "orders" newer
WHERE o."state" = 'cart' AND newer."state" = 'cart' AND newer."distributor_id" = o."distributor_id"
  AND ((o."buyer_id" IS NOT NULL AND newer."buyer_id" = o."buyer_id") OR (o."guest_token_hash" IS NOT NULL AND newer."guest_token_hash" = o."guest_token_hash"))
  AND (newer."updated_at", newer."id") > (o."updated_at", o."id");--> statement-breakpoint
CREATE UNIQUE INDEX "orders_one_cart_per_buyer_idx" ON "orders" USING btree ("distributor_id","buyer_id") WHERE "orders"."state" = 'cart' and "orders"."buyer_id" is not null;--> statement-breakpoint
CREATE UNIQUE INDEX "orders_one_cart_per_guest_idx" ON "orders" USING btree ("distributor_id","guest_token_hash") WHERE "orders"."state" = 'cart' and "orders"."guest_token_hash" is not null;