/** The question for a one-time code (multi-factor sign-in): why it is asked, six to eight digits, cancel is silence. */
import * as l10n from '@vscode/l10n';
import type { AskOneTimeCode, OneTimeCodeQuestion } from '../auth/signIn';
import type { Prompts } from './prompts';
import { UserCancelled } from './run';
import { quotedName, visibleName } from '../openstack/swift/names';

export function oneTimeCodePrompt(question: OneTimeCodeQuestion): { title: string; prompt: string } {
  const who = visibleName(question.profile.username ?? question.profile.userId ?? question.profile.name);
  const why =
    question.reason === 'renewal'
      ? l10n.t('Its token is expiring and cannot be renewed without a new code.')
      : question.reason === 'receipt'
        ? l10n.t('Keystone accepted the password and asks for the second factor.')
        : l10n.t('This profile signs in with a one-time code.');
  return { title: l10n.t('Sign in to {0}', quotedName(question.profile.name)), prompt: l10n.t('One-time code (TOTP) for {0}. {1}', who, why) };
}

export function askOneTimeCodeWith(prompts: Prompts): AskOneTimeCode {
  return async (question) => {
    try {
      return await prompts.input({
        ...oneTimeCodePrompt(question),
        placeHolder: '123456',
        validateInput: (v) => (/^\s*\d{6,8}\s*$/.test(v) ? undefined : l10n.t('A one-time code is 6 to 8 digits.')),
      });
    } catch (e) {
      if (e instanceof UserCancelled) return undefined;
      throw e;
    }
  };
}
