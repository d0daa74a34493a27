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
      { id: 'setProxyPassword', run: (arg?: unknown) => this.setProxyPassword(arg), doing: 'Storing the proxy password' },
      { id: 'setClientKeyPassphrase', run: (arg?: unknown) => this.setKeyPassphrase(arg), doing: 'Storing the key passphrase' },
    ];
  }

  async setProxyPassword(arg?: unknown): Promise<void> {
    const id = await pickProfileId(this.store, this.prompts, arg, 'Proxy password of which profile?', (e) => !!e.profile.proxy && e.profile.proxy !== 'direct');
    const profile = this.store.get(id)!.profile;
    if (!profile.proxy || profile.proxy === 'direct')
      throw new Error(`Profile ${quotedName(profile.name)} has no proxy of its own: set its "proxy" first (http://user@host:port).`);
    const password = await this.prompts.input({ title: `Password of the proxy user of ${quotedName(profile.name)}`, password: true, ignoreFocusOut: true });
    await this.store.storeNetworkSecret(id, 'proxyPassword', password);
    void vscode.window.showInformationMessage(`The proxy password of ${quotedName(profile.name)} is kept in the editor's secret storage.`);
  }

  async setKeyPassphrase(arg?: unknown): Promise<void> {
    const id = await pickProfileId(this.store, this.prompts, arg, 'Key passphrase of which profile?', (e) => !!e.profile.clientKeyFile);
    const profile = this.store.get(id)!.profile;
    if (!profile.clientKeyFile)
      throw new Error(`Profile ${quotedName(profile.name)} has no client certificate: set its "clientCertFile" and "clientKeyFile" first.`);
    const passphrase = await this.prompts.input({ title: `Passphrase of ${profile.clientKeyFile}`, password: true, ignoreFocusOut: true });
    await this.store.storeNetworkSecret(id, 'keyPassphrase', passphrase);
    void vscode.window.showInformationMessage(`The key passphrase of ${quotedName(profile.name)} is kept in the editor's secret storage.`);
  }
}
