/**
 * Clipboard commands: a curl command (object: HEAD / GET to file / PUT upload / DELETE; container: list)
 * carrying the session's token, the plain URL of an object or container, and a temp URL that works with no
 * token. Commands and URLs come from openstack/curl.ts and swift/ (names.ts, tempurl.ts); nothing is
 * built here, and nothing copied is logged.
 */
import * as vscode from 'vscode';
import type { ProfileStore } from '../auth/profileStore';
import { TOKEN_STYLE_SETTING, userValue } from '../auth/userSettings';
import { OpenStackError } from '../openstack/errors';
import type { Token } from '../openstack/keystone/token';
import {
  CurlCommand,
  CurlToken,
  curlNetwork,
  curlDeleteObject,
  curlGetObject,
  curlHeadObject,
  curlListObjects,
  curlPutObject,
  safeLocalFileName,
} from '../openstack/curl';
import { displayName, swiftUrl } from '../openstack/swift/names';
import { tempUrl } from '../openstack/swift/tempurl';
import { createTempUrlKey, tempUrlKeys } from '../openstack/swift/access';
import type { SwiftClient } from '../openstack/swift/client';
import {
  CREATE_ACCOUNT_KEY,
  CREATE_CONTAINER_KEY,
  objectCurlOperations,
  ObjectCurlOperation,
  tempUrlExpiries,
  tempUrlMethods,
  liveTokenNotice,
  noTempUrlKeyMessage,
  parseCustomExpiry,
  tempUrlNotice,
} from './clipboardOptions';
import type { Prompts } from '../ui/prompts';
import { UserCancelled, withProgress, type CommandEntry, withViewProgress } from '../ui/run';
import { ContainerLocation, describeLocation, listingOf, metadataLocationOf, objectLocationOf } from '../location';
import { ProfileUsed, profileName, signedIn } from './tokens';

/** globalState key: the user chose "Don't Show Again" on the live-token notice. */
export const LIVE_TOKEN_NOTICE_HIDDEN = 'openstackStorage.liveTokenNotice.hidden';
const DONT_SHOW_AGAIN = (): string => vscode.l10n.t("Don't Show Again");

export class ClipboardCommands {
  constructor(
    private readonly store: ProfileStore,
    private readonly prompts: Prompts,
    private readonly used: ProfileUsed,
    /** The editor's globalState: remembers "Don't Show Again" for the live-token notice. */
    private readonly remembered: vscode.Memento,
  ) {}

  commands(): CommandEntry[] {
    return [
      // From a tree menu the second argument is the multi-selection, not an operation: copyCurl checks it.
      { id: 'copyCurlCommand', run: (arg?: unknown, operation?: unknown) => this.copyCurl(arg, operation), doing: vscode.l10n.t('Copying the curl command') },
      { id: 'copyUrl', run: (arg?: unknown) => this.copyUrl(arg), doing: vscode.l10n.t('Copying the URL') },
      { id: 'copyTempUrl', run: (arg?: unknown) => this.copyTempUrl(arg), doing: vscode.l10n.t('Copying the temp URL') },
    ];
  }

  /** `operation` skips the question (Open Object passes 'download' for binary objects). */
  /** Each copy command resolves to the text it copied (for tasks and tests that chain commands). */
  async copyCurl(arg: unknown, operation?: unknown): Promise<string> {
    const object = objectLocationOf(arg);
    if (object) {
      const given = objectCurlOperations().find((o) => o.operation === operation)?.operation;
      const op = given ?? (await this.pickOperation());
      const contentType = (arg as { entry?: { contentType?: string } }).entry?.contentType || undefined;
      return this.copyWithToken(object, vscode.l10n.t('a curl {0} command for {1}', labelOf(op), describeLocation(object)), (storageUrl, token) => {
        const base = { storageUrl, container: object.container, name: object.object, token };
        if (op === 'download') return curlGetObject(base);
        if (op === 'upload') return curlPutObject({ ...base, localFile: safeLocalFileName(object.object), contentType });
        if (op === 'delete') return curlDeleteObject(base);
        return curlHeadObject(base);
      });
    }
    const listing = listingOf(arg);
    if (!listing) throw new Error(vscode.l10n.t('Copy curl Command works on a container, folder or object in the OpenStack Storage view.'));
    const { location, prefix, folder } = listing;
    const { container } = location;
    const what = folder
      ? vscode.l10n.t('a curl command listing the names under {0} in container {1}', displayName(prefix), displayName(container))
      : vscode.l10n.t('a curl command listing container {0}', displayName(container));
    // A folder lists like the tree does: one level, deeper names rolled up at the "/" delimiter.
    return this.copyWithToken(location, what, (storageUrl, token) =>
      curlListObjects({ storageUrl, container, token, prefix, delimiter: folder ? '/' : undefined }),
    );
  }

  async copyUrl(arg: unknown): Promise<string> {
    const target = metadataLocationOf(arg);
    if (!target || target.container === undefined) throw new Error(vscode.l10n.t('Copy URL works on a container or object in the OpenStack Storage view.'));
    this.used(target.profileId);
    const { storageUrl } = await this.endpoint(target.profileId, target.region);
    const url = swiftUrl(storageUrl, target.container, target.object);
    await vscode.env.clipboard.writeText(url);
    vscode.window.setStatusBarMessage(vscode.l10n.t('$(check) Copied the URL of {0} (using it needs a token)', describeLocation(target)), 5_000);
    return url;
  }

  async copyTempUrl(arg: unknown): Promise<string | undefined> {
    const target = objectLocationOf(arg);
    if (!target) throw new Error(vscode.l10n.t('Copy Temp URL works on an object in the OpenStack Storage view.'));
    this.used(target.profileId);
    const session = this.store.session(target.profileId);
    const { client, keys, info } = await withViewProgress(vscode.l10n.t('Reading the temp URL keys…'), async (signal) => {
      const swift = await session.swift(target.region || undefined, signal);
      // /info may be hidden (expose_info = false); tempurl.ts then signs with sha256, which Swift accepts by default.
      const [keys, info] = await Promise.all([tempUrlKeys(swift, target.container, signal), swift.info(signal).catch(() => undefined)]);
      return { client: swift, keys, info };
    });
    if (info && !info.tempUrl) {
      throw new OpenStackError('unsupported', vscode.l10n.t('This Swift cluster does not offer temp URLs (its /info lists no tempurl middleware).'));
    }
    // A container key only signs URLs of its own container: preferred when set. Both work with Swift's tempurl.
    const key = keys.container[0] ?? keys.account[0] ?? (await this.createKey(target, client));
    const allowed = info?.tempUrl?.methods.map((m) => m.toUpperCase());
    const methods = tempUrlMethods().filter((m) => !allowed || allowed.includes(m.method));
    if (methods.length === 0) throw new OpenStackError('unsupported', vscode.l10n.t('This Swift cluster allows no GET, PUT, HEAD or DELETE temp URLs.'));
    const method = await this.prompts.pick(methods, { title: vscode.l10n.t('Temp URL for which method?') });
    const expiresAt = await this.pickExpiry();
    const url = tempUrl({
      storageUrl: client.storageUrl,
      container: target.container,
      object: target.object,
      method: method.method,
      expiresAt,
      key,
      allowedDigests: info?.tempUrl?.allowedDigests,
      allowedMethods: info?.tempUrl?.methods,
    });
    await vscode.env.clipboard.writeText(url);
    void vscode.window.showInformationMessage(tempUrlNotice(method.method, describeLocation(target), expiresAt, Date.now()));
    return url;
  }

  /** No key on the container or account: offer to create one (confirmed), or say why none can be signed. */
  private async createKey(target: ContainerLocation, client: SwiftClient): Promise<string> {
    const scope = await this.prompts.pick(
      [
        {
          label: CREATE_CONTAINER_KEY(),
          detail: vscode.l10n.t('Signs URLs for objects of container {0} only', displayName(target.container)),
          scope: { kind: 'container' as const, container: target.container },
        },
        { label: CREATE_ACCOUNT_KEY(), detail: vscode.l10n.t('Signs URLs for objects of any container of the account'), scope: { kind: 'account' as const } },
      ],
      {
        title: vscode.l10n.t('No temp URL key is set, so no temp URL can be signed. Create one?'),
        placeHolder: noTempUrlKeyMessage(profileName(this.store, target.profileId), target.region || 'default'),
      },
    );
    const where = scope.scope.kind === 'account' ? vscode.l10n.t('the account') : vscode.l10n.t('container {0}', displayName(target.container));
    const confirmed = await this.prompts.confirm(
      vscode.l10n.t('Create a temp URL key on {0}?', where),
      vscode.l10n.t(
        'A random 256-bit key is stored in its metadata ({0}). Anyone who can read that metadata can sign URLs that work with no token. The key is never shown or logged.',
        scope.scope.kind === 'account' ? 'X-Account-Meta-Temp-URL-Key' : 'X-Container-Meta-Temp-URL-Key',
      ),
      vscode.l10n.t('Create Key'),
    );
    if (!confirmed) throw new UserCancelled();
    return withProgress(vscode.l10n.t('Creating a temp URL key on {0}…', where), (signal) => createTempUrlKey(client, scope.scope, signal));
  }

  private async pickOperation(): Promise<ObjectCurlOperation> {
    const picked = await this.prompts.pick(
      objectCurlOperations().map((o) => ({ label: o.label, detail: o.detail, operation: o.operation })),
      { title: vscode.l10n.t('Copy which curl command?') },
    );
    return picked.operation;
  }

  private async pickExpiry(): Promise<Date> {
    const picked = await this.prompts.pick(
      tempUrlExpiries().map((o) => ({ label: o.label, ms: o.ms })),
      { title: vscode.l10n.t('The temp URL stays valid for…') },
    );
    if (picked.ms !== undefined) return new Date(Date.now() + picked.ms);
    const typed = await this.prompts.input({
      title: vscode.l10n.t('The temp URL stays valid for…'),
      prompt: vscode.l10n.t('A duration (90m, 12h, 3d, 1w) or a date and time (2030-01-31T12:00Z)'),
      validateInput: (value) => {
        const parsed = parseCustomExpiry(value, Date.now());
        return 'error' in parsed ? parsed.error : undefined;
      },
    });
    const parsed = parseCustomExpiry(typed, Date.now());
    if ('error' in parsed) throw new OpenStackError('invalidInput', parsed.error);
    return parsed.expiresAt;
  }

  /** Copies a command carrying the profile's token, in the style the settings ask for, and says so. */
  private async copyWithToken(
    target: { profileId: string; region: string },
    what: string,
    build: (storageUrl: string, token: CurlToken) => CurlCommand,
  ): Promise<string> {
    this.used(target.profileId);
    const { token, storageUrl } = await this.endpoint(target.profileId, target.region);
    // The command reaches the server as the extension does: same CA, client certificate, proxy.
    const { network, proxy } = await this.store.session(target.profileId).http.networkFor(storageUrl);
    const via = curlNetwork(network, proxy);
    const curlToken: CurlToken = tokenStyle() === 'inline' ? { mode: 'inline', token: token.id, network: via } : { mode: 'env', token: token.id, network: via };
    const text = build(storageUrl, curlToken).text;
    await vscode.env.clipboard.writeText(text);
    this.tellLiveToken(liveTokenNotice(what, token.expiresAt, Date.now()));
    return text;
  }

  /**
   * Says once per copy that the clipboard holds a live token: an information message (copying is what the
   * user asked for, not a fault) with "Don't Show Again", remembered across sessions.
   */
  private tellLiveToken(message: string): void {
    if (this.remembered.get<boolean>(LIVE_TOKEN_NOTICE_HIDDEN) === true) return;
    void vscode.window.showInformationMessage(message, DONT_SHOW_AGAIN()).then((choice) => {
      if (choice === DONT_SHOW_AGAIN()) void this.remembered.update(LIVE_TOKEN_NOTICE_HIDDEN, true);
    });
  }

  /** The token and object-store endpoint of the profile in the region; progress only when signing in. */
  private async endpoint(profileId: string, region: string): Promise<{ token: Token; storageUrl: string }> {
    const token = await signedIn(this.store, profileId);
    const swift = await this.store.session(profileId).swift(region || undefined);
    return { token, storageUrl: swift.storageUrl };
  }
}

function tokenStyle(): 'environment' | 'inline' {
  // The user's own choice only: a repository must not make a copied command carry the token itself.
  return userValue(vscode.workspace.getConfiguration().inspect<string>(TOKEN_STYLE_SETTING)) === 'inline' ? 'inline' : 'environment';
}

function labelOf(operation: ObjectCurlOperation): string {
  return objectCurlOperations().find((o) => o.operation === operation)?.label ?? operation;
}
