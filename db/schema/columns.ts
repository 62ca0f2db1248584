// Column helpers shared by every table: string ids and creation instants.
import { sql } from "drizzle-orm";
import { text, timestamp, type AnyPgColumn } from "drizzle-orm/pg-core";
import { randomUUID } from "node:crypto";

export const id = () =>
  text("id")
    .primaryKey()
    .$defaultFn(() => randomUUID());

export const instant = (name: string) => timestamp(name, { withTimezone: true, mode: "date" });

export const createdAt = () => instant("created_at").notNull().defaultNow();

/** Whether a row is archived, as a selected boolean (archived rows keep their place where they are used). */
export const isArchived = (archivedAt: AnyPgColumn) => sql<boolean>`${archivedAt} is not null`;
