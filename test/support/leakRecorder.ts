/**
 * The global leak guard of the unit and integration suites, a mocha root-hook plugin that their .mocharc files
 * load before any spec. It records what the product says while the suite runs (test/support/saidByProduct.ts:
 * every Error the product constructs, every request log line of a `recordedHttpClient`, what tests pass to
 * `recordSaid`) and, after the last test, fails the run if a secret of the run is in it, in any of the forms
 * test/support/leakGuard.ts knows. Secrets: those of the local cloud when one runs (cloud.json), and those
 * tests register for their own fixtures (`registerSecret`).
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { cloudDir, loadCloud } from './cloud';
import { describeLeaks, findLeaks, maskSecrets } from './leakGuard';
import { counts, recordProductErrors, registerSecret, said, secretsOfRun } from './saidByProduct';

// Mocha loads this file before any spec, so before any product module (none is imported above).
recordProductErrors();

function registerCloudSecrets(): void {
  if (!existsSync(join(cloudDir(), 'cloud.json'))) return;
  const cloud = loadCloud();
  registerSecret('the admin password', cloud.admin.password);
  registerSecret('the demo password', cloud.demo.password);
  registerSecret('the Default-domain demo password', cloud.demoDefault.password);
  registerSecret('the application credential secret', cloud.appCredential.secret);
  registerSecret('the temp URL key', cloud.tempUrlKey);
  registerSecret('the TempAuth key', cloud.tempauth.key);
}

export const mochaHooks = {
  afterAll(): void {
    registerCloudSecrets();
    const leaks = findLeaks(said.join('\n'), secretsOfRun, 'what the product said');
    console.log(
      `  leak guard: ${said.length} messages and log lines (${counts.productErrors} product errors) checked for ${secretsOfRun.size} secrets and the token shapes`,
    );
    if (!leaks.length) return;
    // Which messages, with every form of every secret masked: enough to find the code that said it.
    const masked = said
      .filter((text) => findLeaks(text, secretsOfRun, '').length > 0)
      .slice(0, 5)
      .map((text) => `  ${maskSecrets(text, secretsOfRun.values()).slice(0, 400)}`);
    throw new Error(`The product said a secret of this run:\n${describeLeaks(leaks)}\nin, for example:\n${masked.join('\n')}`);
  },
};
