/** The import summary: what was imported, what was skipped and why, and what no profile carries. Pure text. */
import * as l10n from '@vscode/l10n';
import type { CloudsYamlImport } from './cloudsYaml';

export interface ImportOutcome {
  imported: string[];
  /** Clouds the user did not pick, or whose sign-in failed. */
  notImported?: Array<{ cloud: string; reason: string }>;
}

export function importSummary(file: string, read: CloudsYamlImport, outcome: ImportOutcome): string {
  const parts: string[] = [];
  parts.push(
    outcome.imported.length
      ? l10n.t('Imported from {0}: {1}.', file, outcome.imported.map((c) => `"${c}"`).join(', '))
      : l10n.t('Nothing was imported from {0}.', file),
  );
  const skipped = [...read.skipped.map((s) => s.reason), ...(outcome.notImported ?? []).map((n) => l10n.t('Cloud "{0}": {1}', n.cloud, n.reason))];
  if (skipped.length) parts.push(l10n.t('Skipped: {0}', skipped.join(' ')));
  const notCarried = read.imported.filter((c) => outcome.imported.includes(c.cloud) && c.notCarried.length);
  for (const c of notCarried) parts.push(l10n.t('Not carried over from "{0}": {1}.', c.cloud, c.notCarried.join(', ')));
  return parts.join(' ');
}
