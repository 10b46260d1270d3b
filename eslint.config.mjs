// One flat config for the whole repository: the server side (engine/, workflows/, service-catalog/, …) and the
// Angular app in ui/. Formatting is prettier's job alone; nothing here judges layout.
// Not type-aware on purpose: typed linting builds a TypeScript program per project (root and ui/) and costs
// minutes on our 2-core machines for little over `tsc --noEmit`, which `npm test` runs anyway.
import js from '@eslint/js';
import angular from 'angular-eslint';
import globals from 'globals';
import tseslint from 'typescript-eslint';
import flowdesk from './scripts/lint/import-boundaries.mjs';

/** The arrows of docs/architecture.md: each room may import only what its arrows point at. */
const boundaries = [
  {
    from: 'engine/',
    denyPackages: ['@temporalio/'],
    denyPaths: ['service-catalog/', 'workflows/', 'ui/'],
    reason: 'engine/ is pure BPMN, FEEL and DMN; Temporal code belongs in workflows/, services in service-catalog/',
  },
  {
    from: 'service-catalog/',
    denyPaths: ['workflows/', 'ui/'],
    allowPaths: ['workflows/client/'],
    reason: 'the API talks to the processes through the client surface (workflows/client), never the workflow internals or activities',
  },
  {
    from: 'workflows/bpmn-process/',
    onlyPackages: ['@temporalio/workflow', '@temporalio/common', '@temporalio/interceptors-opentelemetry'],
    onlyPaths: ['engine/', 'workflows/bpmn-process/'],
    typeOnlyPaths: ['workflows/activities/'],
    reason: "workflow code runs in Temporal's deterministic sandbox: @temporalio/workflow, the pure engine and activity types only",
  },
  {
    from: 'ui/',
    onlyPaths: ['ui/'],
    denyPackages: ['@temporalio/', '@mikro-orm/', '@hapi/', 'pino'],
    reason: 'the UI ships to the browser on its own and reaches the server only over HTTP',
  },
];

export default tseslint.config(
  {
    ignores: ['**/node_modules/**', '**/dist/**', 'ui/.angular/**', '.data/**', 'coverage/**'],
  },
  {
    files: ['**/*.{ts,mjs,cjs,js}'],
    extends: [js.configs.recommended, ...tseslint.configs.recommended],
    plugins: { flowdesk },
    linterOptions: { reportUnusedDisableDirectives: 'error' },
    rules: {
      'flowdesk/import-boundaries': ['error', { boundaries }],
      // Unused names are noise or a forgotten wire; a leading underscore says "on purpose".
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrorsIgnorePattern: '^_', ignoreRestSiblings: true },
      ],
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'separate-type-imports' }],
      eqeqeq: ['error', 'always', { null: 'ignore' }],
      // Prettier wraps code at 140 but not comments; literal text (BPMN and SQL fixtures, messages) may run longer.
      'max-len': ['error', { code: 140, ignoreStrings: true, ignoreTemplateLiterals: true, ignoreRegExpLiterals: true, ignoreUrls: true }],
      'no-console': 'off',
    },
  },
  {
    files: ['**/*.{mjs,cjs,js}'],
    languageOptions: { globals: globals.node },
  },
  {
    files: ['**/*.cjs', 'jest.config.js'],
    languageOptions: { sourceType: 'commonjs' },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    files: ['ui/**/*.ts'],
    extends: [...angular.configs.tsRecommended],
    processor: angular.processInlineTemplates,
    languageOptions: { globals: globals.browser },
    rules: {
      // Angular's compiler needs the classes it injects as values: a type-only import of one breaks DI.
      '@typescript-eslint/consistent-type-imports': 'off',
      '@angular-eslint/component-selector': ['error', { type: 'element', prefix: 'app', style: 'kebab-case' }],
      '@angular-eslint/directive-selector': ['error', { type: 'attribute', prefix: 'app', style: 'camelCase' }],
    },
  },
  {
    files: ['ui/**/*.html'],
    extends: [...angular.configs.templateRecommended, ...angular.configs.templateAccessibility],
  },
);
