// Lucia v3 sessions behind our own interface (see docs/decisions/0004): the rest of the app never imports lucia.
import { DrizzlePostgreSQLAdapter } from "@lucia-auth/adapter-drizzle";
import { Lucia, TimeSpan } from "lucia";
import { getDb } from "#db/connection.server";
import { sessions, users } from "#db/schema";
import { settings } from "#app/config/settings.server";

const IDLE_EXPIRY = new TimeSpan(14, "d");
/** A session ends 30 days after login whatever the activity. */
export const ABSOLUTE_SESSION_LIFETIME_MS = 30 * 24 * 60 * 60 * 1000;

function createLucia() {
  return new Lucia(new DrizzlePostgreSQLAdapter(getDb(), sessions, users), {
    sessionExpiresIn: IDLE_EXPIRY,
    sessionCookie: {
      name: "circuit_session",
      expires: true,
      attributes: {
        secure: settings().secureCookies,
        sameSite: "lax",
      },
    },
    // The drizzle adapter hands back columns under their schema (camelCase) keys.
    getSessionAttributes: (attributes) => ({ createdAt: attributes.createdAt }),
    getUserAttributes: (attributes) => ({ email: attributes.email, name: attributes.name, locale: attributes.locale }),
  });
}

let instance: ReturnType<typeof createLucia> | undefined;
export function lucia() {
  instance ??= createLucia();
  return instance;
}

declare module "lucia" {
  interface Register {
    Lucia: ReturnType<typeof createLucia>;
    DatabaseSessionAttributes: { createdAt: Date };
    DatabaseUserAttributes: { email: string; name: string; locale: string | null };
  }
}
