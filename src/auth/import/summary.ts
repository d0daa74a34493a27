/** The import summary: what was imported, what was skipped and why, and what no profile carries. Pure text. */
import type { CloudsYamlImport } from './cloudsYaml';

export interface ImportOutcome {
  imported: string[];
  /** Clouds the user did not pick, or whose sign-in failed. */
  notImported?: Array<{ cloud: string; reason: string }>;
}

export function importSummary(file: string, read: CloudsYamlImport, outcome: ImportOutcome): string {
  const parts: string[] = [];
  parts.push(outcome.imported.length ? `Imported from ${file}: ${outcome.imported.map((c) => `"${c}"`).join(', ')}.` : `Nothing was imported from ${file}.`);
  const skipped = [...read.skipped.map((s) => s.reason), ...(outcome.notImported ?? []).map((n) => `Cloud "${n.cloud}": ${n.reason}`)];
  if (skipped.length) parts.push(`Skipped: ${skipped.join(' ')}`);
  const notCarried = read.imported.filter((c) => outcome.imported.includes(c.cloud) && c.notCarried.length);
  for (const c of notCarried) parts.push(`Not carried over from "${c.cloud}": ${c.notCarried.join(', ')}.`);
  return parts.join(' ');
}
