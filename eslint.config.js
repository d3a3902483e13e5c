// @ts-check
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const nodeOnly = ['node:*', 'fs', 'path', 'http', 'https', 'net', 'crypto', 'os', 'child_process'];

export default tseslint.config(
  { ignores: ['**/dist/**', '**/node_modules/**', 'bench/results/**', '**/__snapshots__/**', 'coverage/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.mjs', '**/*.js'],
    languageOptions: {
      globals: {
        URL: 'readonly', console: 'readonly', process: 'readonly', setTimeout: 'readonly', clearTimeout: 'readonly',
        setInterval: 'readonly', clearInterval: 'readonly', Buffer: 'readonly', performance: 'readonly',
        AbortController: 'readonly', TextEncoder: 'readonly', TextDecoder: 'readonly',
      },
    },
  },
  {
    files: ['**/*.ts'],
    languageOptions: { parserOptions: { projectService: false } },
    rules: {
      'max-lines': ['error', { max: 400, skipBlankLines: true, skipComments: true }],
      'max-lines-per-function': ['error', { max: 80, skipBlankLines: true, skipComments: true, IIFEs: true }],
      complexity: ['error', 20],
      'no-empty': ['error', { allowEmptyCatch: false }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-explicit-any': 'error',
    },
  },
  {
    // Runtime code never imports test helpers.
    files: ['packages/*/src/**/*.ts'],
    ignores: ['**/*.test.ts', 'packages/test-support/**'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [{ group: ['@switchyard/test-support'], message: 'test-support is for tests only.' }] }],
    },
  },
  {
    // The translation core does no I/O: no Node built-ins, HTTP frameworks, databases or HTTP clients.
    files: ['packages/core/src/**/*.ts', 'packages/protocol/src/**/*.ts'],
    ignores: ['**/*.test.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: nodeOnly, message: 'core and protocol are pure: no Node built-ins (I/O belongs to the server).' },
            { group: ['hono', 'hono/*', '@hono/*', 'kysely', 'better-sqlite3', 'pg', 'ioredis', 'undici'], message: 'core must not import adapters or I/O libraries.' },
            { group: ['@switchyard/server', '@switchyard/store-sql', '@switchyard/test-support'], message: 'layer rule: protocol ← core ← store-sql ← server.' },
          ],
        },
      ],
      'no-restricted-globals': ['error', { name: 'fetch', message: 'The executor owns I/O.' }, { name: 'process', message: 'Read configuration in the server.' }],
    },
  },
  {
    files: ['packages/store-sql/src/**/*.ts'],
    ignores: ['**/*.test.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [{ group: ['@switchyard/server', '@switchyard/test-support', 'hono', '@hono/*'], message: 'layer rule: the store does not know the server or test helpers.' }] }],
    },
  },
  {
    files: ['**/*.test.ts'],
    rules: { 'max-lines-per-function': 'off', 'max-lines': ['error', { max: 600, skipBlankLines: true, skipComments: true }] },
  },
);
