// Starts Debian's headless Chromium for the browser tests, the dashboard benchmark and the
// screenshot script: one executable path and one set of flags (no network services, no sandbox,
// no GPU), so every caller runs the same browser the same way.
import { chromium, type Browser } from "playwright-core";

export const CHROMIUM = "/usr/bin/chromium";

const LAUNCH_ARGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--no-first-run",
  "--disable-dev-shm-usage",
];

/** Launches /usr/bin/chromium headless; throws playwright's error when it is missing. */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM, headless: true, args: LAUNCH_ARGS });
}
