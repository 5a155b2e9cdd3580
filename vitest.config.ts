import { defineConfig } from 'vitest/config';

export default defineConfig({
  // Self-imports such as `statebridge/testing` resolve to the TypeScript sources, as in the docs' examples.
  resolve: { conditions: ['statebridge-source'] },
  ssr: { resolve: { conditions: ['statebridge-source'] } },
  test: {
    include: ['test/**/*.test.ts'],
    pool: 'forks',
    testTimeout: 30_000,
    hookTimeout: 60_000,
    reporters: process.env.CI ? ['default', 'json'] : ['default'],
    outputFile: { json: 'test-output/vitest-report.json' },
  },
});
