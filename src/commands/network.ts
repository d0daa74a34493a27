/**
 * The network's secrets of a profile: the password of the proxy user named in its "proxy", and the passphrase
 * of its client certificate's key. Both go to secret storage only; the profile's next request uses them.
 */
import * as vscode from 'vscode';
import type { ProfileStore } from '../auth/profileStore';
import { pickProfileId } from '../ui/pickProfile';
import type { Prompts } from '../ui/prompts';
import type { CommandEntry } from '../ui/run';
import { quotedName } from '../openstack/swift/names';

export class NetworkCommands {
  constructor(
    private readonly store: ProfileStore,
    private readonly prompts: Prompts,
  ) {}

  commands(): CommandEntry[] {
    return [
      { id: 'setProxyPassword', run: (arg?: unknown) => this.setProxyPassword(arg), doing: vscode.l10n.t('Storing the proxy password') },
      { id: 'setClientKeyPassphrase', run: (arg?: unknown) => this.setKeyPassphrase(arg), doing: vscode.l10n.t('Storing the key passphrase') },
    ];
  }

  async setProxyPassword(arg?: unknown): Promise<void> {
    const id = await pickProfileId(this.store, this.prompts, arg, 'Proxy password of which profile?', (e) => !!e.profile.proxy && e.profile.proxy !== 'direct');
    const profile = this.store.get(id)!.profile;
    if (!profile.proxy || profile.proxy === 'direct')
      throw new Error(vscode.l10n.t('Profile {0} has no proxy of its own: set its "proxy" first (http://user@host:port).', quotedName(profile.name)));
    const password = await this.prompts.input({
      title: vscode.l10n.t('Password of the proxy user of {0}', quotedName(profile.name)),
      password: true,
      ignoreFocusOut: true,
    });
    await this.store.storeNetworkSecret(id, 'proxyPassword', password);
    void vscode.window.showInformationMessage(vscode.l10n.t("The proxy password of {0} is kept in the editor's secret storage.", quotedName(profile.name)));
  }

  async setKeyPassphrase(arg?: unknown): Promise<void> {
    const id = await pickProfileId(this.store, this.prompts, arg, vscode.l10n.t('Key passphrase of which profile?'), (e) => !!e.profile.clientKeyFile);
    const profile = this.store.get(id)!.profile;
    if (!profile.clientKeyFile)
      throw new Error(vscode.l10n.t('Profile {0} has no client certificate: set its "clientCertFile" and "clientKeyFile" first.', quotedName(profile.name)));
    const passphrase = await this.prompts.input({ title: vscode.l10n.t('Passphrase of {0}', profile.clientKeyFile), password: true, ignoreFocusOut: true });
    await this.store.storeNetworkSecret(id, 'keyPassphrase', passphrase);
    void vscode.window.showInformationMessage(vscode.l10n.t("The key passphrase of {0} is kept in the editor's secret storage.", quotedName(profile.name)));
  }
}
