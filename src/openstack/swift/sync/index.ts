/** Keeping a local folder and a container's prefix in step (no `vscode`): compare first, then run the plan. */
export { compareFolder, refusedSentence, type CompareOptions } from './compare';
export { loadIgnoreRules, nestedRulesFrom, rulesFrom, GITIGNORE, SWIFTIGNORE, type IgnoreRules } from './ignoreRules';
export { readLocalTree, type LocalFile, type LocalTree } from './localTree';
export {
  entriesOf,
  entryBytes,
  planTotals,
  type ChangeKind,
  type PlanEntry,
  type RefusedEntry,
  type SyncDirection,
  type SyncPair,
  type SyncPlan,
  type WorkKind,
} from './plan';
export { ARCHIVE_MIN_FILES, runSync, summaryText, type SyncFailure, type SyncRunOptions, type SyncSummary } from './run';
