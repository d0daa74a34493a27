/**
 * Profile commands: the add/edit wizard (commands/profileWizard.ts, ending with a real authentication so a
 * typo is caught before anything is saved), remove, sign out, and imports from clouds.yaml and OpenRC files.
 */
import * as vscode from 'vscode';
import { homedir } from 'node:os';
import { readFile } from 'node:fs/promises';
import type { Token } from '../openstack/keystone/token';
import type { ProfileEntry, ProfileStore } from '../auth/profileStore';
import { Profile, needsStoredSecret, newProfileId, profileProblems, secretLabel } from '../auth/profile';
import { initialState, profileOf, secretOf } from '../auth/profileWizard';
import { ImportedProfile, configLocations, importSummary, parseOpenRc, readCloudsYaml, secureFilesFor } from '../auth/importers';
import type { Log } from '../log';
import { quotedName, visibleName } from '../openstack/swift/names';
import { pickProfileId } from '../ui/pickProfile';
import type { Prompts } from '../ui/prompts';
import { UserCancelled, logMessage, userMessage, withProgress, type CommandEntry } from '../ui/run';
import { runWizard } from './profileWizard';

interface ProfileArg {
  profileId?: string;
}

/** Edit and remove apply to saved profiles; the Environment profile is the editor's environment. */
const fromSettings = (e: ProfileEntry) => e.source === 'settings';

export class ProfileCommands {
  constructor(
    private readonly store: ProfileStore,
    private readonly prompts: Prompts,
    private readonly log: Log,
  ) {}

  commands(): CommandEntry[] {
    return [
      { id: 'addProfile', run: () => this.add(), doing: vscode.l10n.t('Adding the profile') },
      { id: 'editProfile', run: (arg?: ProfileArg) => this.edit(arg), doing: vscode.l10n.t('Editing the profile') },
      { id: 'removeProfile', run: (arg?: ProfileArg) => this.remove(arg), doing: vscode.l10n.t('Removing the profile') },
      { id: 'signOut', run: (arg?: ProfileArg) => this.signOut(arg), doing: vscode.l10n.t('Signing out') },
      { id: 'importCloudsYaml', run: () => this.importCloudsYaml(), doing: vscode.l10n.t('Importing from clouds.yaml') },
      { id: 'importOpenRc', run: () => this.importOpenRc(), doing: vscode.l10n.t('Importing the OpenRC file') },
    ];
  }

  async add(): Promise<Profile | undefined> {
    return this.wizard(undefined);
  }

  async edit(arg?: ProfileArg): Promise<Profile | undefined> {
    const entry = this.store.get(await pickProfileId(this.store, this.prompts, arg, vscode.l10n.t('Which profile?'), fromSettings));
    if (!entry) return undefined;
    return this.wizard(entry.profile);
  }

  async remove(arg?: ProfileArg): Promise<void> {
    const entry = this.store.get(await pickProfileId(this.store, this.prompts, arg, vscode.l10n.t('Which profile?'), fromSettings));
    if (!entry) return;
    const ok = await this.prompts.confirm(
      vscode.l10n.t('Remove the profile {0}?', quotedName(entry.profile.name)),
      vscode.l10n.t('Its settings, stored secret and cached token are deleted. Nothing in the cloud changes.'),
      vscode.l10n.t('Remove'),
    );
    if (ok) await this.store.remove(entry.profile.id);
  }

  async signOut(arg?: ProfileArg): Promise<void> {
    const id = await pickProfileId(this.store, this.prompts, arg, vscode.l10n.t('Sign out of which profile?'));
    await this.store.session(id).signOut();
    const name = quotedName(this.store.get(id)?.profile.name ?? id);
    void vscode.window.showInformationMessage(vscode.l10n.t('Signed out of {0}: its cached token is forgotten.', name));
  }

  /** The wizard (one multi-step input), then a real sign-in: nothing is saved until it succeeds. */
  private async wizard(existing: Profile | undefined, prefill?: Partial<Profile>): Promise<Profile | undefined> {
    const taken = this.store.list().map((e) => e.profile.id);
    const otherNames = this.store
      .list()
      .filter((e) => e.profile.id !== existing?.id)
      .map((e) => e.profile.name);
    let state = initialState(existing, otherNames, prefill);
    let start = 0;
    for (;;) {
      state = await runWizard(this.prompts, state, start);
      const profile = profileOf(state, existing?.id ?? newProfileId(state.draft.name ?? '', taken));
      const secret = secretOf(state);
      const problems = profileProblems(profile);
      if (problems.length) {
        void vscode.window.showErrorMessage(problems.join(' '));
        start = 0;
        continue;
      }
      const token = await this.tryAuthenticate(profile, secret ?? '', existing !== undefined && secret === undefined);
      if (token === 'retry') {
        // Back to the first step, every answer kept (the secret too, in memory only).
        start = 0;
        continue;
      }
      await this.store.save(profile, secret, token);
      const name = quotedName(profile.name);
      void vscode.window.showInformationMessage(
        token ? vscode.l10n.t('Profile {0} saved: signed in as {1}.', name, describeIdentity(token)) : vscode.l10n.t('Profile {0} saved.', name),
      );
      return profile;
    }
  }

  /**
   * The wizard's end: signs in with what was typed. On failure nothing is saved and the user can go back to fix it.
   * Returns the token, 'retry', or undefined when an edit keeps its stored secret and skips the check.
   */
  private async tryAuthenticate(profile: Profile, secret: string, keepsSecret: boolean): Promise<Token | 'retry' | undefined> {
    if (keepsSecret) return undefined;
    try {
      return await withProgress(vscode.l10n.t('Signing in to {0}…', profile.authUrl), (signal) => this.store.verify(profile, secret, signal));
    } catch (e) {
      const doing = vscode.l10n.t('Signing in as profile {0}', quotedName(profile.name));
      const message = userMessage(e, doing);
      this.log.warn(logMessage(e, doing));
      const back = vscode.l10n.t('Go Back and Fix');
      const choice = await vscode.window.showErrorMessage(vscode.l10n.t('{0} Nothing was saved.', message), back, vscode.l10n.t('Discard'));
      if (choice === back) return 'retry';
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
    const browse = { label: vscode.l10n.t('$(folder-opened) Choose another file…'), path: '' };
    const file =
      found.length === 0
        ? (
            await this.prompts.openFile({
              title: vscode.l10n.t('No clouds.yaml in the standard places: choose one'),
              filters: { YAML: ['yaml', 'yml', 'json'] },
            })
          ).fsPath
        : (
            await this.prompts.pick(
              [...found.map((path, i) => ({ label: path, description: i === 0 ? vscode.l10n.t('the one openstacksdk reads') : undefined, path })), browse],
              { title: vscode.l10n.t('Import from which clouds.yaml?') },
            )
          ).path || (await this.prompts.openFile({ title: vscode.l10n.t('Choose a clouds.yaml'), filters: { YAML: ['yaml', 'yml', 'json'] } })).fsPath;
    const text = await readFile(file, 'utf8');
    const secure = await firstReadable(secureFilesFor(file, locations, process.env));
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
      {
        title: read.skipped.length
          ? vscode.l10n.t('Import which clouds? ({0} skipped: see the summary)', read.skipped.length)
          : vscode.l10n.t('Import which clouds?'),
      },
    );
    const imported: string[] = [];
    const notImported: Array<{ cloud: string; reason: string }> = [];
    for (const { cloud } of picked) {
      try {
        if (await this.importOne(cloud, vscode.l10n.t('clouds.yaml cloud {0}', quotedName(cloud.cloud)), true)) imported.push(cloud.cloud);
      } catch (e) {
        if (e instanceof UserCancelled) throw e;
        notImported.push({ cloud: cloud.cloud, reason: userMessage(e, vscode.l10n.t('Importing')) });
      }
    }
    const summary = importSummary(file, read, { imported, notImported });
    this.log.info(summary);
    if (read.skipped.length || notImported.length) void vscode.window.showWarningMessage(summary);
    else void vscode.window.showInformationMessage(summary);
  }

  async importOpenRc(): Promise<void> {
    const uri = await this.prompts.openFile({
      title: vscode.l10n.t('Choose an OpenRC file (e.g. demo-openrc.sh)'),
      filters: { OpenRC: ['sh', 'rc', 'txt', '*'] },
    });
    const text = await readFile(uri.fsPath, 'utf8');
    const imported = parseOpenRc(
      text,
      uri.path
        .split('/')
        .pop()
        ?.replace(/\.(sh|rc)$/, '') ?? 'OpenRC',
    );
    const from = vscode.l10n.t('OpenRC file {0}', uri.fsPath);
    const profile = { ...imported.profile };
    // Values a command, the terminal or the user's shell would give ($(…), `…`, read, $HOME) are asked, never taken as text.
    for (const field of imported.asks) {
      const answer = await this.prompts.input({
        title: vscode.l10n.t('Import {0}', from),
        prompt: vscode.l10n.t('{0} (the file takes it from a command or from your shell, which is not run)', fieldLabel(field)),
        validateInput: (v) => (!v.trim() ? vscode.l10n.t('This field is needed.') : undefined),
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
          title: vscode.l10n.t('Import {0}', from),
          prompt: vscode.l10n.t('A profile named {0} exists: name this one', quotedName(name)),
          value: vscode.l10n.t('{0} (imported)', name),
          validateInput: (v) =>
            !v.trim() ? vscode.l10n.t('Enter a name.') : existing.has(v.trim()) ? vscode.l10n.t('Another profile has this name.') : undefined,
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
    if (problems.length) throw new Error(vscode.l10n.t('Cannot import {0}: {1}', from, problems.join(' ')));
    const stored = needsStoredSecret(profile.authType);
    const secret =
      imported.secret ??
      (await this.prompts.input({
        title: vscode.l10n.t('Import {0}', from),
        prompt: vscode.l10n.t('{0} for {1}', secretLabel(profile.authType), visibleName(profile.username ?? profile.name)),
        password: true,
      }));
    const token = await this.tryAuthenticate(profile, secret, false);
    if (token === 'retry') {
      return (await this.wizard(undefined, { ...profile, id: undefined })) !== undefined;
    }
    await this.store.save(profile, stored ? secret : undefined, token);
    if (!quiet) void vscode.window.showInformationMessage(vscode.l10n.t('Imported {0} from {1}.', quotedName(profile.name), from));
    return true;
  }
}

function describeIdentity(token: Token): string {
  const user = visibleName(token.user?.name ?? token.user?.id ?? vscode.l10n.t('user'));
  const project = token.project?.name ?? token.project?.id;
  return project ? vscode.l10n.t('{0} on project {1}', user, visibleName(project)) : user;
}

/** The name of a field an OpenRC file computes, for the question that asks it. */
function fieldLabel(field: keyof Profile): string {
  switch (field) {
    case 'authUrl':
      return vscode.l10n.t('Auth URL');
    case 'username':
      return vscode.l10n.t('User name');
    case 'userId':
      return vscode.l10n.t('User id');
    case 'userDomain':
      return vscode.l10n.t('User domain name');
    case 'project':
      return vscode.l10n.t('Project name');
    case 'projectId':
      return vscode.l10n.t('Project id');
    case 'projectDomain':
      return vscode.l10n.t('Project domain name');
    case 'region':
      return vscode.l10n.t('Region');
    case 'applicationCredentialId':
      return vscode.l10n.t('Application credential id');
    case 'storageUrl':
      return vscode.l10n.t('Storage URL');
    default:
      return field;
  }
}

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
