/**
 * The network a profile's requests go through, from the profile, the editor's http.* settings (read by the
 * caller) and the environment; passwords and passphrases from secret storage. No `vscode` import here.
 */
import * as l10n from '@vscode/l10n';
import { EditorProxySettings, NetworkConfig, resolveProxy } from '../openstack/network';
import type { Profile } from './profile';
import type { SecretStore } from './session';

export const proxyPasswordKey = (profileId: string) => `openstackStorage.profile.${profileId}.proxyPassword`;
export const keyPassphraseKey = (profileId: string) => `openstackStorage.profile.${profileId}.keyPassphrase`;

/** What the editor says about the network (VS Code's http.* settings). */
export interface EditorNetworkSettings extends EditorProxySettings {
  /** http.systemCertificates: trust the operating system's certificate store too. Default on, as in VS Code. */
  systemCertificates?: boolean;
  /** http.proxySupport: "off" keeps the editor's proxy settings from applying to extensions. */
  proxySupport?: string;
}

/** The network config of a profile; secrets are read when the first request is made. */
export function networkConfigFor(
  profile: Profile,
  editor: EditorNetworkSettings,
  env: Record<string, string | undefined>,
  secrets: SecretStore,
): () => Promise<NetworkConfig> {
  return async () => {
    const editorProxy = editor.proxySupport === 'off' ? {} : editor;
    const password = profile.proxy ? await secrets.get(proxyPasswordKey(profile.id)) : undefined;
    const cert = profile.clientCertFile && profile.clientKeyFile ? profile : undefined;
    const passphrase = cert ? await secrets.get(keyPassphraseKey(profile.id)) : undefined;
    return {
      proxy: resolveProxy(profile.proxy, editorProxy, env, password),
      tls: {
        caFiles: [profile.caFile, env.OS_CACERT].filter((f): f is string => !!f),
        systemCertificates: editor.systemCertificates !== false,
        insecure: profile.insecure === true,
        clientCertificate: cert && {
          certFile: cert.clientCertFile!,
          keyFile: cert.clientKeyFile!,
          passphrase,
          source: l10n.t('the profile\'s "clientCertFile" / "clientKeyFile"'),
        },
      },
    };
  };
}
