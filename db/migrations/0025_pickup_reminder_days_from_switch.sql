-- A distributor that had switched buyer reminders off keeps none; reminders already sent under the
-- day-before email's key count as its 1-day reminder, so nobody is reminded twice (decision 0054).
UPDATE "enterprises" SET "pickup_reminder_days" = '{}'::integer[] WHERE NOT "buyer_reminders_enabled";
--> statement-breakpoint
INSERT INTO "pickup_reminders" ("order_id", "ready_on", "days_before", "outbox_email_id", "created_at")
SELECT m."order_id", split_part(m."idempotency_key", ':', 3)::date, 1, m."id", m."created_at"
FROM "outbox_emails" m
JOIN "orders" o ON o."id" = m."order_id"
WHERE m."kind" = 'buyer_reminder' AND m."idempotency_key" ~ '^reminder:[^:]+:\d{4}-\d{2}-\d{2}$'
ON CONFLICT DO NOTHING;
