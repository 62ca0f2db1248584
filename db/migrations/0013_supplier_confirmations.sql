CREATE TABLE "supplier_confirmation_lines" (
	"confirmation_id" text NOT NULL,
	"variant_id" text NOT NULL,
	"ordered_quantity" integer NOT NULL,
	"deliver_quantity" integer NOT NULL,
	CONSTRAINT "supplier_confirmation_lines_confirmation_id_variant_id_pk" PRIMARY KEY("confirmation_id","variant_id"),
	CONSTRAINT "supplier_confirmation_lines_quantities_check" CHECK ("supplier_confirmation_lines"."deliver_quantity" >= 0 and "supplier_confirmation_lines"."deliver_quantity" <= "supplier_confirmation_lines"."ordered_quantity")
);
--> statement-breakpoint
CREATE TABLE "supplier_confirmations" (
	"id" text PRIMARY KEY NOT NULL,
	"order_cycle_id" text NOT NULL,
	"supplier_id" text NOT NULL,
	"state" text NOT NULL,
	"note" text DEFAULT '' NOT NULL,
	"confirmed_at" timestamp with time zone NOT NULL,
	"confirmed_by_user_id" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "supplier_confirmations_state_check" CHECK ("supplier_confirmations"."state" in ('confirmed', 'short'))
);
--> statement-breakpoint
CREATE TABLE "supplier_notices" (
	"order_cycle_id" text NOT NULL,
	"supplier_id" text NOT NULL,
	"generation" integer DEFAULT 1 NOT NULL,
	"notified_at" timestamp with time zone NOT NULL,
	"snapshot" jsonb NOT NULL,
	"snapshot_at" timestamp with time zone NOT NULL,
	CONSTRAINT "supplier_notices_order_cycle_id_supplier_id_pk" PRIMARY KEY("order_cycle_id","supplier_id")
);
--> statement-breakpoint
ALTER TABLE "supplier_confirmation_lines" ADD CONSTRAINT "supplier_confirmation_lines_confirmation_id_supplier_confirmations_id_fk" FOREIGN KEY ("confirmation_id") REFERENCES "public"."supplier_confirmations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "supplier_confirmation_lines" ADD CONSTRAINT "supplier_confirmation_lines_variant_id_variants_id_fk" FOREIGN KEY ("variant_id") REFERENCES "public"."variants"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "supplier_confirmations" ADD CONSTRAINT "supplier_confirmations_order_cycle_id_order_cycles_id_fk" FOREIGN KEY ("order_cycle_id") REFERENCES "public"."order_cycles"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "supplier_confirmations" ADD CONSTRAINT "supplier_confirmations_supplier_id_enterprises_id_fk" FOREIGN KEY ("supplier_id") REFERENCES "public"."enterprises"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "supplier_confirmations" ADD CONSTRAINT "supplier_confirmations_confirmed_by_user_id_users_id_fk" FOREIGN KEY ("confirmed_by_user_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "supplier_notices" ADD CONSTRAINT "supplier_notices_order_cycle_id_order_cycles_id_fk" FOREIGN KEY ("order_cycle_id") REFERENCES "public"."order_cycles"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "supplier_notices" ADD CONSTRAINT "supplier_notices_supplier_id_enterprises_id_fk" FOREIGN KEY ("supplier_id") REFERENCES "public"."enterprises"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "supplier_confirmations_unique_idx" ON "supplier_confirmations" USING btree ("order_cycle_id","supplier_id");