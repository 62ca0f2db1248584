CREATE TABLE "idempotency_keys" (
	"actor_user_id" text NOT NULL,
	"scope" text NOT NULL,
	"key" text NOT NULL,
	"status" integer DEFAULT 0 NOT NULL,
	"response" jsonb,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "idempotency_keys_actor_user_id_scope_key_pk" PRIMARY KEY("actor_user_id","scope","key")
);
--> statement-breakpoint
CREATE TABLE "payments" (
	"id" text PRIMARY KEY NOT NULL,
	"order_id" text NOT NULL,
	"kind" text NOT NULL,
	"method" text NOT NULL,
	"amount_cents" integer NOT NULL,
	"state" text NOT NULL,
	"occurred_at" timestamp with time zone NOT NULL,
	"recorded_by_user_id" text,
	"external_reference" text,
	"note" text DEFAULT '' NOT NULL,
	"refunds_payment_id" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "payments_external_reference_unique" UNIQUE("external_reference"),
	CONSTRAINT "payments_kind_check" CHECK ("payments"."kind" in ('payment', 'refund')),
	CONSTRAINT "payments_method_check" CHECK ("payments"."method" in ('card', 'cash', 'bank_transfer', 'credit', 'other')),
	CONSTRAINT "payments_state_check" CHECK ("payments"."state" in ('pending', 'completed', 'failed', 'refunded')),
	CONSTRAINT "payments_amount_check" CHECK ("payments"."amount_cents" > 0),
	CONSTRAINT "payments_refund_link_check" CHECK ("payments"."kind" = 'refund' or "payments"."refunds_payment_id" is null)
);
--> statement-breakpoint
ALTER TABLE "idempotency_keys" ADD CONSTRAINT "idempotency_keys_actor_user_id_users_id_fk" FOREIGN KEY ("actor_user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "payments" ADD CONSTRAINT "payments_order_id_orders_id_fk" FOREIGN KEY ("order_id") REFERENCES "public"."orders"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "payments" ADD CONSTRAINT "payments_recorded_by_user_id_users_id_fk" FOREIGN KEY ("recorded_by_user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "payments" ADD CONSTRAINT "payments_refunds_payment_id_payments_id_fk" FOREIGN KEY ("refunds_payment_id") REFERENCES "public"."payments"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "payments_order_idx" ON "payments" USING btree ("order_id");--> statement-breakpoint
CREATE INDEX "payments_refunds_payment_idx" ON "payments" USING btree ("refunds_payment_id");--> statement-breakpoint
-- data (keep when regenerating)
-- Orders paid through Stripe before payment records existed become one completed card payment of
-- their total (reference: their PaymentIntent); refunded ones also get the refund that gave it back.
INSERT INTO "payments" ("id", "order_id", "kind", "method", "amount_cents", "state", "occurred_at", "external_reference", "note")
SELECT gen_random_uuid()::text, o."id", 'payment', CASE WHEN pm."kind" = 'stripe' OR pm."kind" IS NULL THEN 'card' WHEN pm."kind" = 'cash' THEN 'cash' ELSE 'bank_transfer' END,
       o."total_cents", CASE WHEN o."payment_state" = 'refunded' THEN 'refunded' ELSE 'completed' END, coalesce(o."placed_at", o."updated_at"),
       o."stripe_payment_intent_id", ''
FROM "orders" o LEFT JOIN "payment_methods" pm ON pm."id" = o."payment_method_id"
WHERE o."payment_state" IN ('paid', 'refunded') AND o."total_cents" > 0;
--> statement-breakpoint
INSERT INTO "payments" ("id", "order_id", "kind", "method", "amount_cents", "state", "occurred_at", "external_reference", "note", "refunds_payment_id")
SELECT gen_random_uuid()::text, p."order_id", 'refund', p."method", p."amount_cents", 'completed', o."updated_at",
       CASE WHEN p."external_reference" IS NULL THEN NULL ELSE 'migrated-refund:' || p."external_reference" END, '', p."id"
FROM "payments" p JOIN "orders" o ON o."id" = p."order_id"
WHERE p."state" = 'refunded';
