// Tests that change a setting go through here, so the settings module parses the environment again
// (the app reads its settings once, as a started process does).
import { reloadSettings } from "#app/config/settings.server";

export function setEnv(values: Record<string, string | undefined>) {
  for (const [name, value] of Object.entries(values)) {
    if (value === undefined) delete process.env[name];
    else process.env[name] = value;
  }
  reloadSettings();
}
