/**
 * Where openstacksdk looks for its files, in its order: the current directory, the user's config directory
 * (XDG), ~/.config/openstack, the site directory (XDG), /etc/openstack; in each, `.yaml`, `.yml`, `.json`.
 * OS_CLIENT_CONFIG_FILE and OS_CLIENT_SECURE_FILE come first. openstacksdk reads the first clouds file and
 * the first secure file found, wherever each is.
 */
export interface ConfigLocations {
  clouds: string[];
  secure: string[];
  /** clouds-public.yaml: vendor profiles of one's own. */
  vendor: string[];
}

export function configDirectories(
  cwd: string | undefined,
  home: string,
  env: Record<string, string | undefined>,
  platform: string = process.platform,
): string[] {
  const dirs: string[] = [];
  if (cwd !== undefined) dirs.push(cwd);
  // openstacksdk's user and site directories come from appdirs: on Windows under %LOCALAPPDATA% and %PROGRAMDATA%.
  const windows = platform === 'win32';
  if (platform === 'darwin') dirs.push(`${home}/Library/Application Support/openstack`);
  else if (windows) dirs.push(`${env.LOCALAPPDATA ?? `${home}\\AppData\\Local`}\\OpenStack\\openstack`);
  else if (env.XDG_CONFIG_HOME) dirs.push(`${env.XDG_CONFIG_HOME}/openstack`);
  dirs.push(`${home}/.config/openstack`);
  if (platform === 'darwin') dirs.push('/Library/Application Support/openstack');
  else if (windows) dirs.push(`${env.PROGRAMDATA ?? 'C:\\ProgramData'}\\OpenStack\\openstack`);
  else dirs.push(`${(env.XDG_CONFIG_DIRS ?? '/etc/xdg').split(':')[0] || '/etc/xdg'}/openstack`);
  dirs.push('/etc/openstack');
  return [...new Set(dirs)];
}

export function configLocations(cwd: string | undefined, home: string, env: Record<string, string | undefined>, platform?: string): ConfigLocations {
  const dirs = configDirectories(cwd, home, env, platform);
  const named = (base: string) => dirs.flatMap((d) => ['.yaml', '.yml', '.json'].map((ext) => `${d}/${base}${ext}`));
  return {
    clouds: [...(env.OS_CLIENT_CONFIG_FILE ? [env.OS_CLIENT_CONFIG_FILE] : []), ...named('clouds')],
    secure: [...(env.OS_CLIENT_SECURE_FILE ? [env.OS_CLIENT_SECURE_FILE] : []), ...named('secure')],
    vendor: named('clouds-public'),
  };
}

/** The clouds.yaml locations alone (kept for callers that list them). */
export function cloudsYamlSearchPath(cwd: string | undefined, home: string, env: Record<string, string | undefined>, platform?: string): string[] {
  return configLocations(cwd, home, env, platform).clouds;
}
