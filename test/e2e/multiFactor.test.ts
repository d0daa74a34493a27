/**
 * Multi-factor sign-in through the UI, against the local cloud's short-lived Keystone (20 s tokens): the
 * wizard adds a profile for the user with rules password + TOTP; Keystone's receipt makes the extension ask
 * for the one-time code (typed here, computed from the credential's secret); the status bar says the token
 * was bought with a code, and ahead of expiry the status bar and a notification say that renewing needs a
 * new code; Renew Now asks for it and signs in again. Self-contained: the profile is removed at the end.
 */
import * as assert from 'node:assert/strict';
import { editor } from '../editor/session';
import { loadCloud, mfaUser, type CloudInfo, type CloudMfaUser } from '../support/cloud';
import { totp } from '../support/totp';
import { StorageUi, skipAfterFirstFailure } from './ui';

const PROFILE = 'MFA e2e';

describe('multi-factor sign-in through the UI (e2e)', function () {
  let ui: StorageUi;
  let cloud: CloudInfo;
  let mfa: CloudMfaUser;
  let profileAdded = false;
  skipAfterFirstFailure();
  const shot = (name: string) => editor().screenshot(name);

  before(async function () {
    this.timeout(120_000);
    cloud = loadCloud();
    mfa = mfaUser(cloud);
    ui = new StorageUi(editor());
    await ui.startFresh({ closeEditors: true });
  });

  after(async function () {
    this.timeout(60_000);
    if (!profileAdded) return;
    await editor()
      .workbench.clearNotifications()
      .catch(() => undefined);
    await ui.removeProfile(PROFILE);
  });

  it('1. the wizard signs in with password, then asks for the one-time code after Keystone answers with a receipt', async function () {
    this.timeout(90_000);
    await ui.viewTitleAction('Add Profile…');
    await ui.fillProfileWizard(PROFILE, `${cloud.keystone.shortLivedUrl}/v3`, mfa);
    await ui.answer(
      `Sign in to "${PROFILE}"`,
      /^One-time code \(TOTP\) for mfa\. Keystone accepted the password and asks for the second factor\./,
      totp(mfa.totpSecret),
      () => shot('mfa-1-one-time-code'),
    );
    const saved = await ui.waitForToast(new RegExp(`Profile "${PROFILE}" saved`));
    profileAdded = true;
    assert.equal(saved, `Profile "${PROFILE}" saved: signed in as mfa on project demo.`);
    // A 20 s token: "<1m" left (and, if this step was slow, already "code needed to renew").
    await ui.waitForTokenStatus(new RegExp(`${PROFILE} · <1m`));
    const label = (await ui.tokenStatus.getAttribute('aria-label')) ?? '';
    assert.match(label, /renewing this token asks for a new code, it cannot be renewed silently/);
    await shot('mfa-2-signed-in');
  });

  it('2. ahead of expiry the status bar and a notification say renewal needs a new code; Renew Now asks and signs in again', async function () {
    this.timeout(90_000);
    const before = await ui.tokenExpiry();
    // 20 s tokens are renewed 5 s ahead: from then on the code is needed.
    const status = await ui.waitForTokenStatus(/code needed to renew$/, 30_000);
    assert.match(status, new RegExp(`${PROFILE} · <1m · code needed to renew$`));
    const told = await ui.waitForToast(/Renewing it needs a new one-time code/, 10_000);
    assert.match(
      told,
      new RegExp(
        `^Profile "${PROFILE}": its token has less than a minute left\\. Renewing it needs a new one-time code \\(multi-factor sign-in\\), so it cannot be renewed silently\\.$`,
      ),
    );
    await shot('mfa-3-code-needed-to-renew');
    await ui
      .toast(/Renewing it needs a new one-time code/)
      .locator('a.monaco-button', { hasText: 'Renew Now' })
      .click();
    await ui.answer(`Sign in to "${PROFILE}"`, /Its token is expiring and cannot be renewed without a new code\./, totp(mfa.totpSecret));
    await ui.waitForTokenStatus(new RegExp(`${PROFILE} · <1m$`), 15_000);
    const after = await ui.tokenExpiry();
    assert.ok(before && after && after > before, `a new token: expiry ${before} → ${after}`);
    await shot('mfa-4-renewed');
  });
});
