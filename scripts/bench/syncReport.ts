/** The sync section's result, its targets and its part of the report (report.ts calls these). */
import { fmtMs, ratio, type Stat } from './util';

export interface SyncResult {
  measuredAt: string;
  files: number;
  bytes: number;
  largeFiles: number;
  largeBytes: number;
  changedFiles: number;
  settings: { concurrency: number; sloThreshold: number; segmentSize: number };
  first: Record<string, Stat>;
  changed: Record<string, Stat>;
  noop: Record<string, Stat>;
  /** The project's HTTP requests by method, per push (from its last round). */
  projectRequests: Partial<Record<'first' | 'changed' | 'noop', string>>;
  checks: string[];
}

/** Adds a ratio target, judged per round (report.ts `addRatio`). */
type AddRatio = (id: string, what: string, q: ReturnType<typeof ratio>, limit: number) => void;

export function syncTargets(s: SyncResult, addRatio: AddRatio): void {
  const files = s.files.toLocaleString('en');
  addRatio('sync.first.vsSwift', `sync ${files} files, first push: project ÷ swift upload`, ratio(s.first.project, s.first.swift), 0.6);
  if (s.first.projectShared) {
    const q = ratio(s.first.projectShared, s.first.swift);
    addRatio('sync.first.before.vsSwift', '(before: one PUT per small file, no archives) first push: project ÷ swift upload', q, 0.6);
  }
  const q = ratio(s.noop.project, s.noop.swift);
  addRatio('sync.noop.vsSwift', `sync ${files} files, no-op push: project ÷ swift upload --changed --skip-identical`, q, 0.3);
  addRatio('sync.noop.vsRclone', `sync ${files} files, no-op push: project ÷ rclone sync`, ratio(s.noop.project, s.noop.rclone), 0.3);
}

export function renderSync(s: SyncResult, table: (stats: Record<string, Stat>, vs: Array<{ id: string; title: string }>) => string): string[] {
  const vs = [
    { id: 'swift', title: '÷ swift' },
    { id: 'rclone', title: '÷ rclone' },
  ];
  const mib = (b: number) => `${(b / 2 ** 20).toFixed(0)} MiB`;
  const out = [
    `**8. Sync** (\`--sync\`; measured ${s.measuredAt.slice(0, 16).replace('T', ' ')} UTC): a tree of ${s.files.toLocaleString('en')} files, ${mib(s.bytes)} ` +
      `(${s.largeFiles} files of ${mib(s.largeBytes)}+, above the SLO threshold of ${mib(s.settings.sloThreshold)}; the rest 0.5–256 KiB), pushed to an empty container, ` +
      `pushed again after ${s.changedFiles} files (1 %) changed, then pushed with nothing changed. The project: syncer.js, a process driving the sync engine ` +
      `(compareFolder + runSync) as Sync Folder with Container… does, concurrency ${s.settings.concurrency}, SLO segments of ${mib(s.settings.segmentSize)}. ` +
      `Each tool pushes to its own container per round; after every push the listing was checked against the local tree, untimed.`,
    '',
  ];
  for (const [phase, title] of [
    ['first', 'First push'],
    ['changed', `Push after ${s.changedFiles} files changed`],
    ['noop', 'No-op push'],
  ] as const) {
    out.push(`${title}${s.projectRequests[phase] ? ` (the project's requests: ${s.projectRequests[phase]})` : ''}:`, '', table(s[phase], vs), '');
  }
  out.push(
    `Medians: first push ${fmtMs(s.first.project.median)} (project) vs ${fmtMs(s.first.swift.median)} (swift), no-op ${fmtMs(s.noop.project.median)} vs ${fmtMs(s.noop.swift.median)} / ${fmtMs(s.noop.rclone.median)}.`,
    '',
  );
  return out;
}
