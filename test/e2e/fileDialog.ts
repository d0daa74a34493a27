/** code-server's own file dialog, driven by typing (shared by the transfer and sync scenarios). */
import { editor } from '../editor/session';
import type { StorageUi } from './ui';

/**
 * code-server's open dialog is VS Code's "simple file dialog" (a quick input over the remote file system):
 * the path is typed into its box, then its OK button (labelled with the dialog's openLabel) accepts it once
 * the list shows `entry`, a subfolder of that folder (folder dialogs list folders only).
 */
export async function chooseInFileDialog(ui: StorageUi, folder: string, okLabel: string, entry: string): Promise<void> {
  const widget = ui.quickInput;
  const input = widget.locator('.quick-input-box input');
  await input.waitFor({ state: 'visible', timeout: 15_000 });
  // One input event for the whole path (typed character by character, the dialog can be left listing a parent
  // it navigated to on the way). Accepting before it has navigated into the typed folder would accept the folder
  // it showed before: wait until it lists a subfolder known to be in the typed one; if it did not navigate, take
  // the final "/" back and type it again (the dialog navigates when the value ends with a separator).
  const listed = widget
    .locator('.quick-input-list .monaco-list-row')
    .filter({ has: ui.page.locator('.label-name', { hasText: new RegExp(`^\\s*${entry.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\s*$`) }) })
    .first();
  // The dialog shows at once, then reads its starting folder and only then writes that folder into the box and
  // lists it. Typing before that read finished is what went wrong in a full run: the box was set back to the
  // starting folder (the workspace) after the typed folder had been listed, and OK accepted the workspace. So:
  // type only once the starting folder is listed (at least one row, the box ending with "/"), and click OK only
  // while the box holds exactly the typed path and the list shows `entry`.
  const wanted = `${folder}/`;
  await widget.locator('.quick-input-list .monaco-list-row').first().waitFor({ state: 'visible', timeout: 15_000 });
  await input.evaluate(
    (el) =>
      new Promise<void>((done) => {
        const check = () => ((el as unknown as { value: string }).value.endsWith('/') ? done() : setTimeout(check, 50));
        check();
      }),
  );
  const showsTyped = async () => (await input.inputValue()) === wanted && (await listed.isVisible());
  await input.fill(wanted);
  for (let attempt = 1; ; attempt++) {
    try {
      await listed.waitFor({ state: 'visible', timeout: 5_000 });
      if ((await input.inputValue()) === wanted) break;
      throw new Error(`the file dialog's box holds ${JSON.stringify(await input.inputValue())}, not the typed ${JSON.stringify(wanted)}`);
    } catch (e) {
      if (attempt === 4) throw e;
      if ((await input.inputValue()) !== wanted) {
        await input.fill(wanted);
        continue;
      }
      await input.press('End');
      await input.press('Backspace');
      await input.press('/');
    }
  }
  await editor().screenshot(`t0-file-dialog-${okLabel.toLowerCase().replace(/\s+/g, '-')}`);
  // On a loaded machine the dialog may still be reading the typed folder when the button is clicked, and then
  // ignores the click: clicked again (bounded) until it closes, each time only while it shows the typed folder.
  const ok = widget.locator('.quick-input-action a.monaco-button, .quick-input-ok a.monaco-button, a.monaco-button', { hasText: okLabel }).first();
  for (let attempt = 1; ; attempt++) {
    if (!(await showsTyped()))
      throw new Error(`the file dialog no longer shows ${JSON.stringify(wanted)} (box: ${JSON.stringify(await input.inputValue())}) before OK`);
    await ok.click({ timeout: 5_000 }).catch(() => undefined);
    try {
      // Its OK button gone: the dialog closed (the widget itself may stay, showing the command's next pick).
      await ok.waitFor({ state: 'hidden', timeout: 10_000 });
      return;
    } catch (e) {
      if (attempt === 3) throw e;
    }
  }
}
