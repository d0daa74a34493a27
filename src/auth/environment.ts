/**
 * The editor's environment as a profile, as the OpenStack clients read it: OS_CLOUD names a cloud of the
 * clouds.yaml openstacksdk would read (with its secure.yaml and clouds-public.yaml); otherwise the OS_* and
 * ST_* variables (import/variables.ts). A cloud or variables that cannot be used still give a profile,
 * with the sentence why, so the tree can say it.
 */
import * as l10n from '@vscode/l10n';
import { readFileSync } from 'node:fs';
import { ImportError } from './import/common';
import { readCloudsYaml } from './import/cloudsYaml';
import { configLocations } from './import/locations';
import { VariablesProfile, profileFromVariables } from './import/variables';

export type EnvironmentProfile = Omit<VariablesProfile, 'asks'>;

export function readTextSync(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
}

export function profileFromEnvironment(
  env: Record<string, string | undefined>,
  readText: (path: string) => string | undefined,
  /** Where openstacksdk looks first for clouds.yaml; undefined: not there (a workspace in Restricted Mode). */
  cwd: string | undefined,
  home: string,
): EnvironmentProfile | undefined {
  const cloudName = env.OS_CLOUD?.trim();
  if (!cloudName) return profileFromVariables(env, 'Environment');
  const name = l10n.t('Environment (OS_CLOUD={0})', cloudName);
  const refused = (why: string): EnvironmentProfile => ({
    profile: { name, authUrl: '', authVersion: 'auto', authType: 'password' },
    asksForSecret: true,
    refused: why,
  });
  const locations = configLocations(cwd, home, env);
  const first = (paths: string[]) => {
    for (const path of paths) {
      const text = readText(path);
      if (text !== undefined) return { path, text };
    }
    return undefined;
  };
  const clouds = first(locations.clouds);
  if (!clouds)
    return refused(
      l10n.t(
        'OS_CLOUD is "{0}", but there is no clouds.yaml in {1}.',
        cloudName,
        [...new Set(locations.clouds.map((p) => p.replace(/\/[^/]*$/, '')))].join(', '),
      ),
    );
  try {
    const read = readCloudsYaml({ text: clouds.text, file: clouds.path, secureText: first(locations.secure)?.text, publicText: first(locations.vendor)?.text });
    const skipped = read.skipped.find((c) => c.cloud === cloudName);
    if (skipped) return refused(l10n.t('OS_CLOUD names a cloud that cannot be used: {0}', skipped.reason));
    const cloud = read.imported.find((c) => c.cloud === cloudName);
    if (!cloud) {
      const all = [...read.imported.map((c) => c.cloud), ...read.skipped.map((c) => c.cloud)];
      return refused(l10n.t('OS_CLOUD is "{0}", which {1} does not define (it has {2}).', cloudName, clouds.path, all.join(', ')));
    }
    // openstacksdk lets OS_PASSWORD stand in when the file holds no secret.
    const secret = cloud.secret ?? (cloud.profile.authType === 'password' ? env.OS_PASSWORD : undefined);
    // The openstack CLI takes OS_REGION_NAME as --os-region-name, over the cloud's own region.
    const region = env.OS_REGION_NAME?.trim();
    return { profile: { ...cloud.profile, name, ...(region ? { region } : {}) }, secret, asksForSecret: !secret };
  } catch (e) {
    if (e instanceof ImportError) return refused(l10n.t('OS_CLOUD is "{0}": {1}', cloudName, e.message));
    throw e;
  }
}
