/** The question for a one-time code (multi-factor sign-in): why it is asked, six to eight digits, cancel is silence. */
import type { AskOneTimeCode, OneTimeCodeQuestion } from '../auth/signIn';
import type { Prompts } from './prompts';
import { UserCancelled } from './run';
import { quotedName, visibleName } from '../openstack/swift/names';

export function oneTimeCodePrompt(question: OneTimeCodeQuestion): { title: string; prompt: string } {
  const who = visibleName(question.profile.username ?? question.profile.userId ?? question.profile.name);
  const why =
    question.reason === 'renewal'
      ? 'Its token is expiring and cannot be renewed without a new code.'
      : question.reason === 'receipt'
        ? 'Keystone accepted the password and asks for the second factor.'
        : 'This profile signs in with a one-time code.';
  return { title: `Sign in to ${quotedName(question.profile.name)}`, prompt: `One-time code (TOTP) for ${who}. ${why}` };
}

export function askOneTimeCodeWith(prompts: Prompts): AskOneTimeCode {
  return async (question) => {
    try {
      return await prompts.input({
        ...oneTimeCodePrompt(question),
        placeHolder: '123456',
        validateInput: (v) => (/^\s*\d{6,8}\s*$/.test(v) ? undefined : 'A one-time code is 6 to 8 digits.'),
      });
    } catch (e) {
      if (e instanceof UserCancelled) return undefined;
      throw e;
    }
  };
}
