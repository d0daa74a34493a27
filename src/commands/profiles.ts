/**
 * Profile commands: the add/edit wizard (each step validated, ending with a real authentication so a typo
 * is caught before anything is saved), remove, sign out, and imports from clouds.yaml and OpenRC files.
 */
import * as vscode from 'vscode';
import { homedir } from 'node:os';
import { readFile } from 'node:fs/promises';
import type { Token } from '../openstack/keystone/token';
import type { ProfileEntry, ProfileStore } from '../auth/profileStore';
import { AuthType, Profile, authUrlProblems, needsStoredSecret, newProfileId, profileProblems, secretLabel } from '../auth/profile';
import { ImportedProfile, configLocations, importSummary, parseOpenRc, readCloudsYaml, secureYamlFor } from '../auth/importers';
import type { Log } from '../log';
import { pickProfileId } from '../ui/pickProfile';
import type { Prompts } from '../ui/prompts';
import { UserCancelled, logMessage, userMessage, withProgress, type CommandEntry } from '../ui/run';

interface ProfileArg {
  profileId?: string;
}

/** Edit and remove apply to saved profiles; the Environment profile is the editor's environment. */
const fromSettings = (e: ProfileEntry) => e.source === 'settings';

const AUTH_TYPES: Array<vscode.QuickPickItem & { authType: AuthType }> = [
  { label: 'Password', description: 'Keystone user name and password', authType: 'password' },
  { label: 'Application credential', description: 'Keystone application credential id and secret', authType: 'applicationCredential' },
  { label: 'Token', description: 'An existing Keystone token (expires; not renewable)', authType: 'token' },
  { label: 'Swift v1 (tempauth)', description: 'X-Auth-User / X-Auth-Key against …/auth/v1.0', authType: 'v1' },
];

export class ProfileCommands {
  constructor(
    private readonly store: ProfileStore,
    private readonly prompts: Prompts,
    private readonly log: Log,
  ) {}

  commands(): CommandEntry[] {
    return [
      { id: 'addProfile', run: () => this.add(), doing: 'Adding the profile' },
      { id: 'editProfile', run: (arg?: ProfileArg) => this.edit(arg), doing: 'Editing the profile' },
      { id: 'removeProfile', run: (arg?: ProfileArg) => this.remove(arg), doing: 'Removing the profile' },
      { id: 'signOut', run: (arg?: ProfileArg) => this.signOut(arg), doing: 'Signing out' },
      { id: 'importCloudsYaml', run: () => this.importCloudsYaml(), doing: 'Importing from clouds.yaml' },
      { id: 'importOpenRc', run: () => this.importOpenRc(), doing: 'Importing the OpenRC file' },
    ];
  }

  async add(): Promise<Profile | undefined> {
    return this.wizard(undefined);
  }

  async edit(arg?: ProfileArg): Promise<Profile | undefined> {
    const entry = this.store.get(await pickProfileId(this.store, this.prompts, arg, 'Which profile?', fromSettings));
    if (!entry) return undefined;
    return this.wizard(entry.profile);
  }

  async remove(arg?: ProfileArg): Promise<void> {
    const entry = this.store.get(await pickProfileId(this.store, this.prompts, arg, 'Which profile?', fromSettings));
    if (!entry) return;
    const ok = await this.prompts.confirm(
      `Remove the profile "${entry.profile.name}"?`,
      'Its settings, stored secret and cached token are deleted. Nothing in the cloud changes.',
      'Remove',
    );
    if (ok) await this.store.remove(entry.profile.id);
  }

  async signOut(arg?: ProfileArg): Promise<void> {
    const id = await pickProfileId(this.store, this.prompts, arg, 'Sign out of which profile?');
    await this.store.session(id).signOut();
    void vscode.window.showInformationMessage(`Signed out of "${this.store.get(id)?.profile.name}": its cached token is forgotten.`);
  }

  /** The wizard: every field is asked with the previous answer as default, then a real authentication. */
  private async wizard(existing: Profile | undefined, prefill?: Partial<Profile>): Promise<Profile | undefined> {
    const taken = this.store.list().map((e) => e.profile.id);
    const names = new Set(
      this.store
        .list()
        .filter((e) => e.profile.id !== existing?.id)
        .map((e) => e.profile.name),
    );
    const title = existing ? `Edit profile "${existing.name}"` : 'Add OpenStack profile';
    let draft: Partial<Profile> = { authVersion: 'auto', authType: 'password', ...existing, ...prefill };
    for (;;) {
      const step = (n: number) => `${title} (${n}/6)`;
      draft.name = await this.prompts.input({
        title: step(1),
        prompt: 'A name for this account, shown in the tree',
        value: draft.name,
        validateInput: (v) => (!v.trim() ? 'Enter a name.' : names.has(v.trim()) ? 'Another profile has this name.' : undefined),
      });
      draft.name = draft.name.trim();
      draft.authUrl = (
        await this.prompts.input({
          title: step(2),
          prompt: 'Auth URL: Keystone (e.g. https://keystone.example.com:5000/v3) or Swift v1 (…/auth/v1.0)',
          value: draft.authUrl,
          validateInput: (v) => authUrlProblems(v)[0],
        })
      ).trim();
      const type = await this.prompts.pick(
        AUTH_TYPES.map((t) => ({ ...t, picked: t.authType === draft.authType })),
        { title: step(3), placeHolder: 'How do you sign in?' },
      );
      draft.authType = type.authType;
      draft.authVersion = type.authType === 'v1' ? 'v1' : draft.authVersion === 'v1' ? 'auto' : (draft.authVersion ?? 'auto');
      draft = await this.askIdentityFields(draft, step(4));
      const secret = await this.askSecret(draft as Profile, step(5), !!existing);
      const profile: Profile = { ...(draft as Profile), id: existing?.id ?? newProfileId(draft.name ?? '', taken) };
      const problems = profileProblems(profile);
      if (problems.length) {
        void vscode.window.showErrorMessage(problems.join(' '));
        continue;
      }
      const token = await this.tryAuthenticate(profile, secret ?? '', existing !== undefined && secret === undefined);
      if (token === 'retry') continue;
      await this.store.save(profile, secret, token);
      void vscode.window.showInformationMessage(
        token ? `Profile "${profile.name}" saved: signed in as ${describeIdentity(token)}.` : `Profile "${profile.name}" saved.`,
      );
      return profile;
    }
  }

  private async askIdentityFields(draft: Partial<Profile>, title: string): Promise<Partial<Profile>> {
    const ask = async (prompt: string, value: string | undefined, optional = false) => {
      const answer = await this.prompts.input({
        title,
        prompt: optional ? `${prompt} (optional)` : prompt,
        value,
        validateInput: (v) => (!optional && !v.trim() ? 'This field is needed.' : undefined),
      });
      return answer.trim() || undefined;
    };
    const next = { ...draft };
    switch (draft.authType) {
      case 'v1':
        next.username = await ask('User (X-Auth-User), e.g. account:user', draft.username);
        return next;
      case 'applicationCredential':
        next.applicationCredentialId = await ask('Application credential id', draft.applicationCredentialId);
        return next;
      case 'token':
        next.project = await ask('Project name to scope the token to', draft.project, true);
        if (next.project) next.projectDomain = (await ask('Project domain name', draft.projectDomain ?? 'Default', true)) ?? 'Default';
        return next;
      default:
        next.username = await ask('User name', draft.username);
        next.userDomain = (await ask('User domain name', draft.userDomain ?? 'Default', true)) ?? 'Default';
        next.project = await ask('Project name', draft.project, true);
        if (next.project) next.projectDomain = (await ask('Project domain name', draft.projectDomain ?? next.userDomain, true)) ?? next.userDomain;
        return next;
    }
  }

  /** Undefined when editing and the user keeps the stored secret. */
  private async askSecret(profile: Profile, title: string, editing: boolean): Promise<string | undefined> {
    const label = secretLabel(profile.authType);
    const answer = await this.prompts.input({
      title,
      prompt: editing ? `New ${label} (leave empty to keep the stored one)` : `${label[0].toUpperCase()}${label.slice(1)}`,
      password: true,
      validateInput: (v) => (!editing && !v ? `Enter the ${label}.` : undefined),
    });
    return answer === '' && editing ? undefined : answer;
  }

  /**
   * Step 6: signs in with what was typed. On failure nothing is saved and the user can go back to fix it.
   * Returns the token, 'retry', or undefined when an edit keeps its stored secret and skips the check.
   */
  private async tryAuthenticate(profile: Profile, secret: string, keepsSecret: boolean): Promise<Token | 'retry' | undefined> {
    if (keepsSecret) return undefined;
    try {
      return await withProgress(`Signing in to ${profile.authUrl}…`, (signal) => this.store.verify(profile, secret, signal));
    } catch (e) {
      const message = userMessage(e, `Signing in as profile "${profile.name}"`);
      this.log.warn(logMessage(e, `Signing in as profile "${profile.name}"`));
      const choice = await vscode.window.showErrorMessage(`${message} Nothing was saved.`, 'Go Back and Fix', 'Discard');
      if (choice === 'Go Back and Fix') return 'retry';
      // Already explained above: end the command without a second notification.
      throw new UserCancelled();
    }
  }

  async importCloudsYaml(): Promise<void> {
    // A workspace in Restricted Mode is not offered as a source of auth URLs (it may be anyone's repository).
    const cwd = vscode.workspace.isTrusted ? (vscode.workspace.workspaceFolders?.[0]?.uri.fsPath ?? process.cwd()) : undefined;
    const locations = configLocations(cwd, homedir(), process.env);
    const found: string[] = [];
    for (const path of locations.clouds) if (await readable(path)) found.push(path);
    const browse = { label: '$(folder-opened) Choose another file…', path: '' };
    const file =
      found.length === 0
        ? (await this.prompts.openFile({ title: 'No clouds.yaml in the standard places: choose one', filters: { YAML: ['yaml', 'yml', 'json'] } })).fsPath
        : (
            await this.prompts.pick(
              [...found.map((path, i) => ({ label: path, description: i === 0 ? 'the one openstacksdk reads' : undefined, path })), browse],
              { title: 'Import from which clouds.yaml?' },
            )
          ).path || (await this.prompts.openFile({ title: 'Choose a clouds.yaml', filters: { YAML: ['yaml', 'yml', 'json'] } })).fsPath;
    const text = await readFile(file, 'utf8');
    const secure = await firstReadable([
      ...(process.env.OS_CLIENT_SECURE_FILE ? [process.env.OS_CLIENT_SECURE_FILE] : []),
      secureYamlFor(file),
      ...locations.secure,
    ]);
    const publicClouds = await firstReadable(locations.vendor);
    const read = readCloudsYaml({ text, file, secureText: secure?.text, publicText: publicClouds?.text });
    if (secure) this.log.info(`clouds.yaml import: secrets from ${secure.path}`);
    if (read.imported.length === 0) throw new Error(importSummary(file, read, { imported: [] }));
    const picked = await this.prompts.pickMany(
      read.imported.map((c) => ({
        label: c.cloud,
        description: c.profile.authUrl,
        detail: [c.profile.username ?? c.profile.applicationCredentialId, c.profile.regions?.join(', ') ?? c.profile.region].filter(Boolean).join(' · '),
        picked: true,
        cloud: c,
      })),
      { title: read.skipped.length ? `Import which clouds? (${read.skipped.length} skipped: see the summary)` : 'Import which clouds?' },
    );
    const imported: string[] = [];
    const notImported: Array<{ cloud: string; reason: string }> = [];
    for (const { cloud } of picked) {
      try {
        if (await this.importOne(cloud, `clouds.yaml cloud "${cloud.cloud}"`, true)) imported.push(cloud.cloud);
      } catch (e) {
        if (e instanceof UserCancelled) throw e;
        notImported.push({ cloud: cloud.cloud, reason: userMessage(e, 'Importing') });
      }
    }
    const summary = importSummary(file, read, { imported, notImported });
    this.log.info(summary);
    if (read.skipped.length || notImported.length) void vscode.window.showWarningMessage(summary);
    else void vscode.window.showInformationMessage(summary);
  }

  async importOpenRc(): Promise<void> {
    const uri = await this.prompts.openFile({ title: 'Choose an OpenRC file (e.g. demo-openrc.sh)', filters: { OpenRC: ['sh', 'rc', 'txt', '*'] } });
    const text = await readFile(uri.fsPath, 'utf8');
    const imported = parseOpenRc(
      text,
      uri.path
        .split('/')
        .pop()
        ?.replace(/\.(sh|rc)$/, '') ?? 'OpenRC',
    );
    const from = `OpenRC file ${uri.fsPath}`;
    const profile = { ...imported.profile };
    // Values a command or the terminal would give ($(…), `…`, read) are asked, never taken as text.
    for (const field of imported.asks) {
      const answer = await this.prompts.input({
        title: `Import ${from}`,
        prompt: `${FIELD_LABELS[field] ?? field} (the file gets it from a command, which is not run)`,
        validateInput: (v) => (!v.trim() ? 'This field is needed.' : undefined),
      });
      (profile as Record<string, unknown>)[field] = answer.trim();
    }
    await this.importOne({ ...imported, profile }, from);
  }

  /** Names the profile, asks for a missing secret, signs in, then saves: a failed import saves nothing. True when saved. */
  private async importOne(imported: ImportedProfile, from: string, quiet = false): Promise<boolean> {
    const existing = new Set(this.store.list().map((e) => e.profile.name));
    let name = imported.profile.name;
    if (existing.has(name)) {
      name = (
        await this.prompts.input({
          title: `Import ${from}`,
          prompt: `A profile named "${name}" exists: name this one`,
          value: `${name} (imported)`,
          validateInput: (v) => (!v.trim() ? 'Enter a name.' : existing.has(v.trim()) ? 'Another profile has this name.' : undefined),
        })
      ).trim();
    }
    const profile: Profile = {
      ...imported.profile,
      name,
      id: newProfileId(
        name,
        this.store.list().map((e) => e.profile.id),
      ),
    };
    const problems = profileProblems(profile);
    if (problems.length) throw new Error(`Cannot import ${from}: ${problems.join(' ')}`);
    const stored = needsStoredSecret(profile.authType);
    const secret =
      imported.secret ??
      (await this.prompts.input({
        title: `Import ${from}`,
        prompt: `${secretLabel(profile.authType)} for ${profile.username ?? profile.name}`,
        password: true,
      }));
    const token = await this.tryAuthenticate(profile, secret, false);
    if (token === 'retry') {
      return (await this.wizard(undefined, { ...profile, id: undefined })) !== undefined;
    }
    await this.store.save(profile, stored ? secret : undefined, token);
    if (!quiet) void vscode.window.showInformationMessage(`Imported "${profile.name}" from ${from}.`);
    return true;
  }
}

function describeIdentity(token: Token): string {
  const user = token.user?.name ?? token.user?.id ?? 'user';
  const project = token.project?.name ?? token.project?.id;
  return project ? `${user} on project ${project}` : user;
}

const FIELD_LABELS: Partial<Record<keyof Profile, string>> = {
  authUrl: 'Auth URL',
  username: 'User name',
  userId: 'User id',
  userDomain: 'User domain name',
  project: 'Project name',
  projectId: 'Project id',
  projectDomain: 'Project domain name',
  region: 'Region',
  applicationCredentialId: 'Application credential id',
  storageUrl: 'Storage URL',
};

async function firstReadable(paths: readonly string[]): Promise<{ path: string; text: string } | undefined> {
  for (const path of paths) {
    const text = await readFile(path, 'utf8').catch(() => undefined);
    if (text !== undefined) return { path, text };
  }
  return undefined;
}

async function readable(path: string): Promise<boolean> {
  try {
    await readFile(path, { flag: 'r' });
    return true;
  } catch {
    return false;
  }
}
