// Lint: typescript-eslint's recommended rules over src/, test/ and scripts/bench; formatting is Prettier's
// (npm run format), so no stylistic rule here.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['out/**', 'dist/**', 'node_modules/**', 'test-results/**', 'reports/**', '.stryker-tmp/**', '**/*.mjs', '**/*.cjs'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts'],
    rules: {
      // Command handlers and test doubles take what VS Code passes: `any` there is the honest type.
      '@typescript-eslint/no-explicit-any': 'off',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
      // Control characters are what the name-escaping code and its tests are about.
      'no-control-regex': 'off',
    },
  },
  {
    // The harnesses load test suites, bundles and mocha by path at run time.
    files: ['test/**/*.ts', 'scripts/bench/**/*.ts'],
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
);
