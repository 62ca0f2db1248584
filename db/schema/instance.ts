// What one Circuit instance generates for itself once and every process must share: the web
// servers and workers of one database all read the same row (docs/operations.md, "Beyond one machine").
import { pgTable, text } from "drizzle-orm/pg-core";
import { createdAt } from "./columns";

export const instanceSecrets = pgTable("instance_secrets", {
  /** e.g. session_secret */
  name: text("name").primaryKey(),
  value: text("value").notNull(),
  createdAt: createdAt(),
});
