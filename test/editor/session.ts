/**
 * The editor that test/e2e/*.test.ts files drive: started once by runEditorSuites (run.ts) and shared by
 * every e2e file, e.g.
 *     import { editor } from '../editor/session';
 *     it('shows the tree', async () => { await editor().workbench.runCommand('...'); });
 */
import type { Editor } from './editor';

let current: Editor | undefined;

export function setEditor(e: Editor | undefined): void {
  current = e;
}

export function editor(): Editor {
  if (!current) throw new Error('No editor is running: e2e tests run through test/editor/run.ts (npm run test:e2e)');
  return current;
}
