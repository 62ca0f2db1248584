ALTER TABLE "order_cycle_thresholds" DROP CONSTRAINT "order_cycle_thresholds_measure_check";--> statement-breakpoint
ALTER TABLE "order_lines" ADD COLUMN "units_per_case" integer DEFAULT 1 NOT NULL;--> statement-breakpoint
-- Lines placed before the snapshot existed take their variant's case size today: the best record there is (decision 0059).
UPDATE "order_lines" SET "units_per_case" = "variants"."units_per_case" FROM "variants" WHERE "variants"."id" = "order_lines"."variant_id" AND "variants"."units_per_case" <> 1;--> statement-breakpoint
ALTER TABLE "order_lines" ADD CONSTRAINT "order_lines_units_per_case_check" CHECK ("order_lines"."units_per_case" >= 1);--> statement-breakpoint
ALTER TABLE "order_cycle_thresholds" ADD CONSTRAINT "order_cycle_thresholds_measure_check" CHECK ("order_cycle_thresholds"."measure" in ('amount', 'units', 'cases'));