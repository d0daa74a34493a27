/** Which profile a command is about: its tree item's, else the only one, else the user's choice. */
import * as l10n from '@vscode/l10n';
import type { ProfileEntry, ProfileStore } from '../auth/profileStore';
import type { Prompts } from './prompts';
import { profileIdOf } from '../location';
import { visibleName } from '../openstack/swift/names';

export async function pickProfileId(
  store: ProfileStore,
  prompts: Prompts,
  arg: unknown,
  title: string,
  eligible: (entry: ProfileEntry) => boolean = () => true,
): Promise<string> {
  const given = profileIdOf(arg);
  if (given) {
    if (!store.get(given)) throw new Error(l10n.t('The profile (id "{0}") no longer exists.', given));
    return given;
  }
  const entries = store.list().filter(eligible);
  if (entries.length === 0) throw new Error(l10n.t('There is no OpenStack profile for this yet: add one first.'));
  if (entries.length === 1) return entries[0].profile.id;
  const picked = await prompts.pick(
    entries.map((e) => ({
      label: visibleName(e.profile.name),
      description: e.source === 'environment' ? l10n.t('from the environment (OS_*)') : e.profile.authUrl,
      detail: e.problems.length ? l10n.t('Cannot be used: {0}', e.problems.join(' ')) : undefined,
      profileId: e.profile.id,
    })),
    { title, placeHolder: l10n.t('Profile') },
  );
  return picked.profileId;
}
