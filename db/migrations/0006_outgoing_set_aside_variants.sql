CREATE TABLE "outgoing_exchange_set_aside_variants" (
	"exchange_id" text NOT NULL,
	"variant_id" text NOT NULL,
	CONSTRAINT "outgoing_exchange_set_aside_variants_exchange_id_variant_id_pk" PRIMARY KEY("exchange_id","variant_id")
);
--> statement-breakpoint
ALTER TABLE "outgoing_exchange_set_aside_variants" ADD CONSTRAINT "outgoing_exchange_set_aside_variants_exchange_id_outgoing_exchanges_id_fk" FOREIGN KEY ("exchange_id") REFERENCES "public"."outgoing_exchanges"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "outgoing_exchange_set_aside_variants" ADD CONSTRAINT "outgoing_exchange_set_aside_variants_variant_id_variants_id_fk" FOREIGN KEY ("variant_id") REFERENCES "public"."variants"("id") ON DELETE no action ON UPDATE no action;