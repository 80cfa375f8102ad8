/**
 * Debian's chromium, driven by playwright-core (never a downloaded browser). Where it is not
 * installed the browser tests say how to install it and are skipped at run time; .ci/run
 * installs it first and fails when the browser test did not run.
 */
import { existsSync } from 'node:fs';
import { chromium, type Browser } from 'playwright-core';

export const chromiumPath = '/usr/bin/chromium';
export const chromiumMissingNote = `chromium is not installed at ${chromiumPath}: run \`apt-get update && apt-get install -y chromium\` to run the console's browser test`;

export const hasChromium = (): boolean => existsSync(chromiumPath);

export const launchChromium = (): Promise<Browser> =>
  chromium.launch({
    executablePath: chromiumPath,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  });
