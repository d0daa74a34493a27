/**
 * Delivery settings from the tree: Open Website (a public container's staticweb address in the browser), Edit
 * Website…, Edit CORS… (containers) and Set Expiry… (one or many objects). The work is the client's
 * (openstack/swift/delivery.ts); a server without the middleware is told in one sentence.
 */
import * as vscode from 'vscode';
import type { ProfileStore } from '../auth/profileStore';
import { isPublicRead } from '../openstack/swift/acl';
import { corsOf, missingMiddleware, setCors, setExpiry, setWebsite, websiteOf, websiteUrl, type Expiry } from '../openstack/swift/delivery';
import { displayName } from '../openstack/swift/names';
import { listingOf } from '../location';
import type { Prompts } from '../ui/prompts';
import { withProgress, type CommandEntry } from '../ui/run';
import { isStorageNode } from '../views/nodes';
import type { StorageTree } from '../views/storageTree';

export class DeliveryCommands {
  constructor(
    private readonly store: ProfileStore,
    private readonly prompts: Prompts,
    private readonly tree: StorageTree,
  ) {}

  commands(): CommandEntry[] {
    return [
      { id: 'openWebsite', run: (node?: unknown) => this.openWebsite(node), doing: vscode.l10n.t('Opening the website') },
      { id: 'editWebsite', run: (node?: unknown) => this.editWebsite(node), doing: vscode.l10n.t('Editing the website settings') },
      { id: 'editCors', run: (node?: unknown) => this.editCors(node), doing: vscode.l10n.t('Editing CORS') },
      { id: 'setExpiry', run: (node?: unknown, selected?: unknown) => this.setExpiry(node, selected), doing: vscode.l10n.t('Setting the expiry') },
    ];
  }

  private container(node: unknown) {
    const location = listingOf(node)?.location;
    if (!location || location.prefix) throw new Error(vscode.l10n.t('This works on a container in the OpenStack Storage view.'));
    return location;
  }

  private client(profileId: string, region: string, signal: AbortSignal) {
    return this.store.session(profileId).swift(region || undefined, signal);
  }

  /** Returns the address opened. */
  async openWebsite(node: unknown): Promise<string> {
    const at = this.container(node);
    const url = await withProgress(vscode.l10n.t('Checking the website…'), async (signal) => {
      const client = await this.client(at.profileId, at.region, signal);
      const problem = missingMiddleware(await client.info(signal).catch(() => undefined), 'staticweb');
      if (problem) throw new Error(problem);
      const info = await client.headContainer(at.container, signal);
      if (!isPublicRead(info.readAcl))
        throw new Error(
          vscode.l10n.t('Container {0} is not public: make it public first, or its website answers 401 to a browser.', displayName(at.container)),
        );
      if (!websiteOf(info.meta).index)
        throw new Error(vscode.l10n.t('Container {0} has no index page: set one with Edit Website… first.', displayName(at.container)));
      return websiteUrl(client.storageUrl, at.container);
    });
    await vscode.env.openExternal(vscode.Uri.parse(url, true));
    return url;
  }

  async editWebsite(node: unknown): Promise<void> {
    const at = this.container(node);
    const current = await withProgress(vscode.l10n.t('Reading the website settings…'), async (signal) => {
      const client = await this.client(at.profileId, at.region, signal);
      const problem = missingMiddleware(await client.info(signal).catch(() => undefined), 'staticweb');
      if (problem) throw new Error(problem);
      return websiteOf((await client.headContainer(at.container, signal)).meta);
    });
    const index = await this.prompts.input({
      title: vscode.l10n.t('Website of {0}: index page', displayName(at.container)),
      prompt: vscode.l10n.t('Object name served for the container and each folder (empty: none).'),
      value: current.index ?? '',
    });
    const error = await this.prompts.input({
      title: vscode.l10n.t('Website of {0}: error pages', displayName(at.container)),
      prompt: vscode.l10n.t('Suffix of error pages, e.g. "error.html" serves 404error.html (empty: none).'),
      value: current.error ?? '',
    });
    const listings = await this.prompts.pick(
      [
        { label: vscode.l10n.t('Listings Off'), on: false },
        { label: vscode.l10n.t('Listings On'), on: true },
      ],
      { title: vscode.l10n.t('Website of {0}: list folders without an index page?', displayName(at.container)) },
    );
    const listingsCss = listings.on
      ? await this.prompts.input({
          title: vscode.l10n.t('Listings CSS'),
          prompt: vscode.l10n.t('Object name of a style sheet for listings (empty: none).'),
          value: current.listingsCss ?? '',
        })
      : '';
    await withProgress(vscode.l10n.t('Saving the website settings…'), async (signal) =>
      setWebsite(await this.client(at.profileId, at.region, signal), at.container, { index, error, listings: listings.on, listingsCss }, signal),
    );
  }

  async editCors(node: unknown): Promise<void> {
    const at = this.container(node);
    const current = await withProgress(vscode.l10n.t('Reading the CORS settings…'), async (signal) =>
      corsOf((await (await this.client(at.profileId, at.region, signal)).headContainer(at.container, signal)).meta),
    );
    const allowOrigin = await this.prompts.input({
      title: vscode.l10n.t('CORS of {0}: allowed origins', displayName(at.container)),
      prompt: vscode.l10n.t('Space-separated origins, or * (empty: none).'),
      value: current.allowOrigin ?? '',
    });
    const exposeHeaders = await this.prompts.input({
      title: vscode.l10n.t('CORS of {0}: exposed headers', displayName(at.container)),
      prompt: vscode.l10n.t('Space-separated response headers scripts may read (empty: none).'),
      value: current.exposeHeaders ?? '',
    });
    const maxAge = await this.prompts.input({
      title: vscode.l10n.t('CORS of {0}: max age', displayName(at.container)),
      prompt: vscode.l10n.t('Seconds a browser may cache the preflight answer (empty: not set).'),
      value: current.maxAge === undefined ? '' : String(current.maxAge),
      validateInput: (v) => (v === '' || /^\d+$/.test(v) ? undefined : vscode.l10n.t('A whole number of seconds, or empty.')),
    });
    await withProgress(vscode.l10n.t('Saving the CORS settings…'), async (signal) =>
      setCors(
        await this.client(at.profileId, at.region, signal),
        at.container,
        { allowOrigin, exposeHeaders, maxAge: maxAge === '' ? undefined : Number(maxAge) },
        signal,
      ),
    );
  }

  /** One or many objects (the selection): delete after N seconds, at a time, or clear. */
  async setExpiry(node: unknown, selected: unknown): Promise<number> {
    const nodes = (Array.isArray(selected) && selected.includes(node) ? selected : [node])
      .filter(isStorageNode)
      .flatMap((n) => (n.kind === 'object' ? [n] : []));
    if (!nodes.length) throw new Error(vscode.l10n.t('Set Expiry works on objects in the OpenStack Storage view.'));
    const { profileId, region } = nodes[0];
    const how = await this.prompts.pick(
      [
        { label: vscode.l10n.t('Delete After…'), way: 'after' as const },
        { label: vscode.l10n.t('Delete At…'), way: 'at' as const },
        { label: vscode.l10n.t('Clear Expiry'), way: 'clear' as const },
      ],
      { title: nodes.length === 1 ? vscode.l10n.t('Expiry of object {0}', displayName(nodes[0].name)) : vscode.l10n.t('Expiry of {0} objects', nodes.length) },
    );
    let expiry: Expiry;
    if (how.way === 'after') {
      const text = await this.prompts.input({
        title: vscode.l10n.t('Delete after how many seconds?'),
        validateInput: (v) => (/^[1-9]\d*$/.test(v) ? undefined : vscode.l10n.t('A whole number of seconds, 1 or more.')),
      });
      expiry = { afterSeconds: Number(text) };
    } else if (how.way === 'at') {
      const text = await this.prompts.input({
        title: vscode.l10n.t('Delete at (ISO 8601, e.g. 2030-01-31T12:00:00Z)?'),
        validateInput: (v) => (Number.isFinite(Date.parse(v)) ? undefined : vscode.l10n.t('A date and time such as 2030-01-31T12:00:00Z.')),
      });
      expiry = { at: new Date(Date.parse(text)) };
    }
    return withProgress(vscode.l10n.t('Setting the expiry…'), async (signal) => {
      const client = await this.client(profileId, region, signal);
      for (const n of nodes) {
        // Swift sets X-Delete-At to its clock plus the seconds (this one's to the second, close enough for a tooltip).
        const startedAt = Math.floor(Date.now() / 1000) * 1000;
        await setExpiry(client, n.container, n.name, expiry, signal);
        const deleteAt = !expiry
          ? null
          : 'at' in expiry
            ? new Date(Math.floor(expiry.at.getTime() / 1000) * 1000)
            : new Date(startedAt + expiry.afterSeconds * 1000);
        this.tree.noteExpiry(n.location, deleteAt);
      }
      return nodes.length;
    });
  }
}
