/**
 * Show Metadata (account, container or object: a HEAD shown as a read-only document), Open Object
 * (read-only, `swift-readonly:`) and Edit Object (`swift:`, saving writes back). Opening checks the object
 * exists and asks before a large download; the file systems in src/files/ do the reading and writing, and
 * the editor's own binary handling decides how non-text content shows.
 */
import * as vscode from 'vscode';
import type { MetadataDocuments } from '../documents/metadataDocument';
import { languageForContentType } from '../documents/objectText';
import type { ObjectFiles } from '../files/objectFiles';
import { EDIT_SCHEME, READONLY_SCHEME } from '../files/objectUri';
import { confirmSize } from '../files/questions';
import type { Log } from '../log';
import type { Prompts } from './prompts';
import { UserCancelled, registerCommand, withProgress } from './run';
import { describeTarget, metadataTargetOf, objectTargetOf } from './targets';
import type { ProfileUsed } from './tokens';

type Scheme = typeof EDIT_SCHEME | typeof READONLY_SCHEME;

export class ObjectCommands {
  constructor(
    private readonly prompts: Prompts,
    private readonly metadata: MetadataDocuments,
    private readonly files: ObjectFiles,
    private readonly used: ProfileUsed,
    private readonly log: Log,
  ) {}

  register(context: vscode.ExtensionContext): void {
    const r = (id: string, fn: (arg?: unknown) => unknown, doing: string) => registerCommand(context, this.log, `openstackStorage.${id}`, fn, doing);
    r('showMetadata', (arg) => this.showMetadata(arg), 'Showing the metadata');
    r('openObject', (arg) => this.openObject(arg, READONLY_SCHEME), 'Opening the object');
    r('editObject', (arg) => this.openObject(arg, EDIT_SCHEME), 'Opening the object for editing');
  }

  async showMetadata(arg?: unknown): Promise<void> {
    const target = metadataTargetOf(arg);
    if (!target) throw new Error('Show Metadata works on an account (region), container or object in the OpenStack Storage view.');
    this.used(target.profileId);
    await withProgress(`Reading the metadata of ${describeTarget(target)}…`, (signal) => this.metadata.show(target, signal));
  }

  /** Opens the object of a tree node, or of a swift:/swift-readonly: URI (the active editor's when none is given). */
  async openObject(arg: unknown, scheme: Scheme): Promise<vscode.Uri> {
    const target = objectTargetOf(arg);
    const uri = arg ?? vscode.window.activeTextEditor?.document.uri;
    const location = target
      ? { profileId: target.profileId, region: target.region, container: target.container, name: target.object }
      : uri instanceof vscode.Uri && (uri.scheme === EDIT_SCHEME || uri.scheme === READONLY_SCHEME)
        ? this.files.locateObject(uri)
        : undefined;
    if (!location) throw new Error('Open Object and Edit Object work on an object in the OpenStack Storage view or an open object.');
    this.used(location.profileId);
    const what = describeTarget({ ...location, object: location.name });
    const info = await withProgress(`Reading ${what}…`, async (signal) => {
      const client = await this.files.client(location, signal);
      return client.headObject(location.container, location.name, signal);
    });
    if (!(await confirmSize(this.prompts, location, info.bytes))) throw new UserCancelled();
    const opened = this.files.uriFor(location, scheme);
    this.files.approvedReads.set(opened.toString(), info.etag);
    // vscode.open, not showTextDocument: binary content gets the editor's own binary handling.
    await vscode.commands.executeCommand('vscode.open', opened, { preview: scheme === READONLY_SCHEME });
    // No extension to go by: the content type names the language, when it names one.
    const doc = vscode.workspace.textDocuments.find((d) => d.uri.toString() === opened.toString());
    const language = languageForContentType(info.contentType);
    if (doc && doc.languageId === 'plaintext' && language) await vscode.languages.setTextDocumentLanguage(doc, language);
    return opened;
  }
}
