// One ESLint setup for the whole repository: the api, the worker, the libs, the tests, the scripts and
// the web app (with the React hooks rules).
import js from '@eslint/js';
import prettier from 'eslint-config-prettier';
import reactHooks from 'eslint-plugin-react-hooks';
import tseslint from 'typescript-eslint';

const noFocusedTests = {
  selector: 'CallExpression[callee.object.name=/^(it|describe|test)$/][callee.property.name=/^(only|skip)$/]',
  message: 'No focused or skipped tests.',
};

// Raw SQL runs only through sqlRows/sqlRow/sqlExecute of @desk/database, which make the caller name the
// row type (docs/adr/0003-typed-data-layer.md). Each folder joins this list once its queries are typed.
const typedSqlFolders = [
  'libs/database/**/*.ts',
  'libs/queue/**/*.ts',
  'libs/org-auth/**/*.ts',
  'libs/tickets/**/*.ts',
  'libs/sla/**/*.ts',
  'libs/escalation/**/*.ts',
  'libs/notifications/**/*.ts',
  'libs/text-search/**/*.ts',
  'apps/api/**/*.ts',
  'apps/worker/**/*.ts',
  'libs/incidents/**/*.ts',
  'libs/changes/**/*.ts',
  'libs/problems/**/*.ts',
  'libs/reports/**/*.ts',
  'libs/knowledge/src/**/*.ts',
  'test/support/**/*.ts',
];

// Services hold the rules, repositories hold the SQL (docs/data-layer.md): a service, controller, hook,
// job handler or processor calls a repository method and never runs a statement itself.
const ruleHolders = [
  'libs/**/*.service.ts',
  'libs/**/*.hook.ts',
  'apps/**/*.service.ts',
  'apps/**/*.controller.ts',
  'apps/**/*.handler.ts',
  'apps/**/*-handlers.ts',
  'apps/**/*.processor.ts',
  'apps/**/*.publisher.ts',
  'libs/**/*.controller.ts',
  'libs/**/*.handler.ts',
  'libs/**/*.processor.ts',
];

export default tseslint.config(
  {
    ignores: [
      'dist/**',
      'node_modules/**',
      'apps/web/dist/**',
      'apps/web/node_modules/**',
      'coverage/**',
      '.data/**',
      'test-results/**',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  prettier,
  {
    languageOptions: {
      globals: {
        console: 'readonly',
        process: 'readonly',
        Buffer: 'readonly',
        URL: 'readonly',
        fetch: 'readonly',
        setTimeout: 'readonly',
        clearTimeout: 'readonly',
        setInterval: 'readonly',
        clearInterval: 'readonly',
        performance: 'readonly',
        AbortController: 'readonly',
        AbortSignal: 'readonly',
      },
    },
    rules: {
      '@typescript-eslint/no-explicit-any': 'off',
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' },
      ],
      'no-restricted-syntax': ['error', noFocusedTests],
    },
  },
  {
    files: ['**/*.js', '**/*.cjs'],
    rules: { '@typescript-eslint/no-require-imports': 'off' },
    languageOptions: { globals: { module: 'writable', require: 'readonly', __dirname: 'readonly' } },
  },
  {
    files: ['apps/web/src/**/*.{ts,tsx}'],
    plugins: { 'react-hooks': reactHooks },
    languageOptions: {
      globals: {
        window: 'readonly',
        document: 'readonly',
        navigator: 'readonly',
        localStorage: 'readonly',
        sessionStorage: 'readonly',
        EventSource: 'readonly',
        FormData: 'readonly',
        File: 'readonly',
        Blob: 'readonly',
        XMLHttpRequest: 'readonly',
        HTMLElement: 'readonly',
        crypto: 'readonly',
      },
    },
    rules: {
      'react-hooks/rules-of-hooks': 'error',
      'react-hooks/exhaustive-deps': 'error',
    },
  },
  {
    files: typedSqlFolders,
    ignores: ['libs/database/src/sql.ts', 'libs/database/src/prepared-query.ts', '**/migrations/**'],
    rules: {
      'no-restricted-syntax': [
        'error',
        noFocusedTests,
        {
          selector: 'CallExpression[callee.property.name="query"]',
          message:
            'Run SQL with sqlRows<Row>/sqlRow<Row>/sqlExecute from @desk/database, so its rows are typed.',
        },
      ],
    },
  },
  {
    files: ruleHolders,
    rules: {
      'no-restricted-syntax': [
        'error',
        noFocusedTests,
        {
          selector: 'CallExpression[callee.property.name="query"]',
          message: 'Services hold the rules, repositories the SQL: call a repository method instead.',
        },
        {
          selector: 'CallExpression[callee.name=/^(sqlRows|sqlRow|sqlExecute|preparedQuery)$/]',
          message: 'Services hold the rules, repositories the SQL: call a repository method instead.',
        },
      ],
    },
  },
);
