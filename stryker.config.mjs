// Mutation testing (`npm run mutation`): how many deliberate bugs in the client code the fast unit suite
// catches. Not part of `npm test`; see README "Mutation testing" and test/mutation/EQUIVALENT.md.
import { fileURLToPath } from 'node:url';
import './scripts/mutation/mocha12-cli.cjs';

const mocha12Cli = fileURLToPath(new URL('./scripts/mutation/mocha12-cli.cjs', import.meta.url));

/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
export default {
  packageManager: 'npm',
  // Only code the unit suite can load: the client, auth, the location model, and the files of
  // objectFileSystems/, views/ and ui/ that do not import `vscode` (the others are tested in the editor).
  mutate: [
    'src/openstack/**/*.ts',
    'src/auth/**/*.ts',
    // These two import `vscode`: the unit suite cannot load them (the extension-host suite tests them).
    '!src/auth/profileStore.ts',
    '!src/auth/workspaceSettingsNotice.ts',
    'src/location/**/*.ts',
    'src/objectFileSystems/policy.ts',
    'src/ui/format.ts',
    'src/views/childrenRequests.ts',
    'src/views/locate.ts',
    'src/views/model.ts',
    'src/views/nodes.ts',
    'src/views/paging.ts',
    'src/views/presentation.ts',
  ],
  // The tests run as esbuild output: build the instrumented sources once in the sandbox.
  buildCommand: 'node scripts/build-tests.mjs',
  testRunner: 'mocha',
  testRunnerNodeArgs: ['--require', mocha12Cli],
  // The (empty) checker pool loads the plugins too.
  checkerNodeArgs: ['--require', mocha12Cli],
  mochaOptions: {
    config: 'test/.mocharc.unit.json',
    spec: ['out/test/unit/**/*.test.js'],
    // They read the strings of src/ (the l10n bundle, the wording rules), which the sandbox holds instrumented
    // (every string wrapped in a mutant switch): tests of the sources' text, not of their behaviour.
    ignore: ['out/test/unit/l10n.test.js', 'out/test/unit/l10nWording.test.js'],
  },
  coverageAnalysis: 'perTest',
  // `npm run mutation` adds --ignoreStatic: static mutants (module-level constants such as the secret header
  // list) run the whole suite each, 3 % of the mutants but most of the time. A --mutate run keeps them.
  // Two test runners at most: the build machine has two cores, shared.
  concurrency: 2,
  // No `incremental`: the tests run from the sandbox's out/, whose path changes every run, so Stryker sees
  // every test as new and reuses almost nothing. For some files: `npx stryker run --mutate <file>,<file>`.
  ignorePatterns: ['out', 'dist', 'reports', 'test-results', '.cache', '*.vsix', 'scripts/bench/results'],
  reporters: ['html', 'json', 'clear-text', 'progress'],
  htmlReporter: { fileName: 'reports/mutation/mutation.html' },
  jsonReporter: { fileName: 'reports/mutation/mutation.json' },
  clearTextReporter: { allowEmojis: false, logTests: false, maxTestsToLog: 0 },
  tempDirName: '.stryker-tmp',
  cleanTempDir: true,
};
