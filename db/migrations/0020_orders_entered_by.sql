ALTER TABLE "orders" ADD COLUMN "entered_by_user_id" text;--> statement-breakpoint
ALTER TABLE "orders" ADD COLUMN "entered_by_enterprise_id" text;--> statement-breakpoint
ALTER TABLE "orders" ADD CONSTRAINT "orders_entered_by_user_id_users_id_fk" FOREIGN KEY ("entered_by_user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "orders" ADD CONSTRAINT "orders_entered_by_enterprise_id_enterprises_id_fk" FOREIGN KEY ("entered_by_enterprise_id") REFERENCES "public"."enterprises"("id") ON DELETE no action ON UPDATE no action;