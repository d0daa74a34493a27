/**
 * Profiles from what OpenStack users already have: clouds.yaml (+ secure.yaml, clouds-public.yaml), OpenRC
 * files, and the OS_* environment of the editor. Pure functions over text and maps; reading files is the
 * caller's job (environment.ts reads them for OS_CLOUD). The parts live in import/.
 */
import type { ConfigLocations } from './import/locations';

export { ImportError, type ImportedProfile, type ProfileDraft } from './import/common';
export { parseCloudsYaml, readCloudsYaml, type CloudsYamlImport, type ImportedCloud, type SkippedCloud } from './import/cloudsYaml';
export { cloudsYamlSearchPath, configLocations, type ConfigLocations } from './import/locations';
export { parseOpenRc, profileFromVariables, type VariablesProfile } from './import/variables';
export { VENDOR_PROFILES } from './import/vendors';

/** secure.yaml beside a clouds.yaml (openstacksdk reads the first secure file of its search path; see configLocations). */
export function secureYamlFor(cloudsYamlPath: string): string {
  return cloudsYamlPath.replace(/clouds\.(yaml|yml|json)$/, 'secure.$1');
}

/**
 * Where the secrets of a clouds.yaml being imported may come from, first found first: OS_CLIENT_SECURE_FILE, the
 * secure.yaml beside it, and the standard places only when the clouds.yaml is itself one of them. A clouds.yaml
 * chosen from elsewhere (a download, someone's repository) gets no password from the user's own secure.yaml merely
 * by naming a cloud as it does (Horizon names every download's cloud "openstack").
 */
export function secureFilesFor(cloudsYamlPath: string, locations: ConfigLocations, env: Record<string, string | undefined>): string[] {
  const beside = secureYamlFor(cloudsYamlPath);
  return [
    ...(env.OS_CLIENT_SECURE_FILE ? [env.OS_CLIENT_SECURE_FILE] : []),
    ...(beside !== cloudsYamlPath ? [beside] : []),
    ...(locations.clouds.includes(cloudsYamlPath) ? locations.secure : []),
  ];
}
export { importSummary, type ImportOutcome } from './import/summary';
