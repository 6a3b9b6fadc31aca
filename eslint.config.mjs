import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/**', 'media/dist/**', 'node_modules/**', '.vscode-test/**', 'test-results/**', '.stryker-tmp*/**', 'reports/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: {
      globals: {
        console: 'readonly', process: 'readonly', require: 'readonly', module: 'writable',
        __dirname: 'readonly', setTimeout: 'readonly', clearTimeout: 'readonly',
        setInterval: 'readonly', clearInterval: 'readonly', URL: 'readonly', Buffer: 'readonly',
        fetch: 'readonly', AbortController: 'readonly', TextEncoder: 'readonly', performance: 'readonly',
        document: 'readonly', window: 'readonly', navigator: 'readonly', exports: 'writable',
        structuredClone: 'readonly', queueMicrotask: 'readonly', setImmediate: 'readonly',
      },
    },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-require-imports': 'off',
      'no-eval': 'error',
      'no-empty': ['error', { allowEmptyCatch: true }],
      'no-implied-eval': 'error',
    },
  },
  {
    files: ['test/e2e/suite/**/*.js'],
    languageOptions: {
      globals: { suite: 'readonly', test: 'readonly', suiteSetup: 'readonly', suiteTeardown: 'readonly', setup: 'readonly', teardown: 'readonly' },
    },
  },
  {
    // Functions passed to page.evaluate run in the browser.
    files: ['test/e2e/**/*.mjs', 'bench/**/*.mjs'],
    languageOptions: {
      globals: {
        getComputedStyle: 'readonly', HTMLElement: 'readonly', Element: 'readonly', MutationObserver: 'readonly',
        TextDecoder: 'readonly', localStorage: 'readonly', sessionStorage: 'readonly', indexedDB: 'readonly', location: 'readonly',
      },
    },
  },
);
