/**
 * "Upload to OpenStack…" on files and folders of the Explorer: pick the profile, region, container and (optionally)
 * a folder in it, then the upload runs as Upload Files… does (commands/transfers.ts: the same engine, progress and
 * summary).
 */
import * as l10n from '@vscode/l10n';
import type { ProfileStore } from '../auth/profileStore';
import { storageRegions } from '../auth/storageEndpoint';
import { displayName } from '../openstack/swift/names';
import type { ContainerLocation } from '../location';
import { pickProfileId } from '../ui/pickProfile';
import type { Prompts } from '../ui/prompts';
import { withProgress, type CommandEntry } from '../ui/run';
import { explorerPaths, folderNameProblem } from './placesText';
import type { TransferCommands } from './transfers';

export class ExplorerUploadCommands {
  constructor(
    private readonly store: ProfileStore,
    private readonly prompts: Prompts,
    private readonly transfers: TransferCommands,
  ) {}

  commands(): CommandEntry[] {
    return [{ id: 'uploadToOpenStack', run: (arg?: unknown, selected?: unknown) => this.upload(arg, selected), doing: l10n.t('Upload') }];
  }

  async upload(arg: unknown, selected: unknown) {
    let paths = explorerPaths(arg, selected);
    if (!paths.length) {
      const picked = await this.prompts.openFiles({
        title: l10n.t('Upload to OpenStack'),
        canSelectFiles: true,
        canSelectFolders: true,
        openLabel: l10n.t('Choose'),
      });
      paths = picked.map((u) => u.fsPath);
    }
    const target = await this.pickTarget(paths.length);
    return this.transfers.upload({ location: target }, paths);
  }

  private async pickTarget(count: number): Promise<ContainerLocation> {
    const what = count === 1 ? l10n.t('1 item') : l10n.t('{0} items', count);
    const profileId = await pickProfileId(this.store, this.prompts, undefined, l10n.t('Upload {0} to which profile?', what));
    const entry = this.store.get(profileId);
    if (!entry) throw new Error(l10n.t('This profile is no longer in the OpenStack Storage view.'));
    const session = this.store.session(profileId);
    const token = await withProgress(l10n.t('Signing in…'), (signal) => session.token(signal));
    const regions = storageRegions(entry.profile, token);
    const region =
      regions.length > 1
        ? (
            await this.prompts.pick(
              regions.map((r) => ({ label: r })),
              { title: l10n.t('Upload {0} to which region?', what) },
            )
          ).label
        : (regions[0] ?? '');
    const containers = await withProgress(l10n.t('Listing the containers…'), async (signal) => {
      const client = await session.swift(region || undefined, signal);
      const names: string[] = [];
      for await (const page of client.listContainers({ signal })) names.push(...page.entries.map((e) => e.name));
      return names;
    });
    if (!containers.length) throw new Error(l10n.t('There is no container in region {0}: Create Container… first.', region || l10n.t('default')));
    const container = (
      await this.prompts.pick(
        containers.map((c) => ({ label: displayName(c), name: c })),
        { title: l10n.t('Upload {0} to which container?', what) },
      )
    ).name;
    const folder = await this.prompts.input({
      title: l10n.t('Upload {0} into which folder of container {1}?', what, displayName(container)),
      prompt: l10n.t('A folder name ("reports/2024"), or empty for the top of the container.'),
      validateInput: (value) => (value === '' ? undefined : folderNameProblem(value, '')),
    });
    const problem = folder === '' ? undefined : folderNameProblem(folder, '');
    if (problem) throw new Error(problem);
    const prefix = folder === '' ? undefined : folder.endsWith('/') ? folder : `${folder}/`;
    return { profileId, region: regions.length > 1 ? region : '', container, ...(prefix ? { prefix } : {}) };
  }
}
