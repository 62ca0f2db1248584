ALTER TABLE "products" ADD COLUMN "category" text;--> statement-breakpoint
ALTER TABLE "variants" ADD COLUMN "units_per_case" integer DEFAULT 1 NOT NULL;--> statement-breakpoint
ALTER TABLE "customers" ADD COLUMN "phone" text DEFAULT '' NOT NULL;--> statement-breakpoint
ALTER TABLE "customers" ADD COLUMN "marketing_consent_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "customers" ADD COLUMN "marketing_consent_source" text;--> statement-breakpoint
ALTER TABLE "variants" ADD CONSTRAINT "variants_units_per_case_check" CHECK ("variants"."units_per_case" >= 1);