import { defineConfig } from 'vitest/config';

export default defineConfig({
  resolve: { conditions: ['@switchyard/source'] },
  ssr: { resolve: { conditions: ['@switchyard/source'] } },
  test: {
    include: ['packages/*/src/**/*.test.ts', 'packages/*/test/**/*.test.ts', 'bench/**/*.test.ts'],
    globalSetup: ['packages/test-support/src/global-setup.ts'],
    testTimeout: 20_000,
    pool: 'forks',
  },
});
