/**
 * Show Metadata (account, container or object: a HEAD shown as a read-only document), Open Object
 * (read-only, `swift-readonly:`) and Edit Object (`swift:`, saving writes back). Opening is node → URI →
 * `vscode.open`: the file system's read (src/objectFileSystems) asks before a large download and checks what
 * it reads, in one place for a click, a command and a tab restored after a reload; the editor's own binary
 * handling decides how non-text content shows.
 */
import * as vscode from 'vscode';
import type { MetadataDocuments } from '../documents/metadataDocument';
import { languageForContentType } from '../documents/objectText';
import { type ObjectFiles, readKey } from '../objectFileSystems/objectFiles';
import { EDIT_SCHEME, READONLY_SCHEME, describeLocation, metadataLocationOf, objectLocationOf } from '../location';
import { type CommandEntry, withViewProgress } from '../ui/run';
import type { ProfileUsed } from './tokens';

type Scheme = typeof EDIT_SCHEME | typeof READONLY_SCHEME;

export class ObjectCommands {
  constructor(
    private readonly metadata: MetadataDocuments,
    private readonly files: ObjectFiles,
    private readonly used: ProfileUsed,
  ) {}

  commands(): CommandEntry[] {
    return [
      { id: 'showMetadata', run: (arg) => this.showMetadata(arg), doing: vscode.l10n.t('Showing the metadata') },
      { id: 'openObject', run: (arg) => this.openObject(arg, READONLY_SCHEME), doing: vscode.l10n.t('Opening the object') },
      { id: 'editObject', run: (arg) => this.openObject(arg, EDIT_SCHEME), doing: vscode.l10n.t('Opening the object for editing') },
    ];
  }

  async showMetadata(arg?: unknown): Promise<void> {
    const location = metadataLocationOf(arg);
    if (!location) throw new Error(vscode.l10n.t('Show Metadata works on an account (region), container or object in the OpenStack Storage view.'));
    this.used(location.profileId);
    await withViewProgress(vscode.l10n.t('Reading the metadata of {0}…', describeLocation(location)), (signal) => this.metadata.show(location, signal));
  }

  /**
   * Opens the object of a tree node, or of a swift:/swift-readonly: URI (the active editor's when none is
   * given): its URI goes to `vscode.open`, and the file system's read decides (size question, checks). Resolves
   * to the URI opened, or undefined when the user declined a large download; a failed read is this command's
   * error, and leaves no tab behind.
   */
  async openObject(arg: unknown, scheme: Scheme): Promise<vscode.Uri | undefined> {
    const location = objectLocationOf(arg ?? vscode.window.activeTextEditor?.document.uri);
    if (!location) throw new Error(vscode.l10n.t('Open Object and Edit Object work on an object in the OpenStack Storage view or an open object.'));
    this.used(location.profileId);
    const opened = this.files.uriFor(location, scheme);
    const key = readKey(opened);
    const show = () => vscode.commands.executeCommand('vscode.open', opened, { preview: scheme === READONLY_SCHEME });
    // Already open (a document, or a tab such as the binary placeholder): the editor shows it again without reading.
    if (tabsOf(key).length > 0 || vscode.workspace.textDocuments.some((d) => readKey(d.uri) === key)) {
      await show();
      return opened;
    }
    const reading = this.files.nextRead(opened);
    // vscode.open, not showTextDocument: binary content gets the editor's own binary handling.
    await show();
    const outcome = await reading;
    if (!('read' in outcome)) {
      // The editor holds a tab saying it could not open the object: the message below (or the user's no) says it.
      await vscode.window.tabGroups.close(tabsOf(key));
      if ('failed' in outcome) throw outcome.failed;
      return undefined;
    }
    // No extension to go by: the content type names the language, when it names one.
    const doc = vscode.workspace.textDocuments.find((d) => readKey(d.uri) === key);
    const language = languageForContentType(outcome.read.contentType);
    if (doc && doc.languageId === 'plaintext' && language) await vscode.languages.setTextDocumentLanguage(doc, language);
    return opened;
  }
}

/** The tabs showing the URI whose readKey is `key` (text, binary placeholder or error editor). */
function tabsOf(key: string): vscode.Tab[] {
  return vscode.window.tabGroups.all.flatMap((g) =>
    g.tabs.filter((t) => {
      const uri = (t.input as { uri?: vscode.Uri } | undefined)?.uri;
      return uri !== undefined && readKey(uri) === key;
    }),
  );
}
