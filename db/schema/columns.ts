// Column helpers shared by every table: string ids and creation instants.
import { text, timestamp } from "drizzle-orm/pg-core";
import { randomUUID } from "node:crypto";

export const id = () =>
  text("id")
    .primaryKey()
    .$defaultFn(() => randomUUID());

export const instant = (name: string) => timestamp(name, { withTimezone: true, mode: "date" });

export const createdAt = () => instant("created_at").notNull().defaultNow();
