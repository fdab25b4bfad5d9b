import { defineConfig } from 'vitest/config';
import { PlainSummaryReporter } from './tools/vitest/plainSummary.js';

// Tests run from source through the `@akidb/source` export condition: no build step.
// biome-ignore lint/style/noDefaultExport: vitest loads its config through a default export.
export default defineConfig({
  resolve: { conditions: ['@akidb/source'] },
  ssr: { resolve: { conditions: ['@akidb/source'] } },
  test: {
    include: ['packages/*/src/**/*.test.ts', 'apps/*/src/**/*.test.ts', 'tools/*/src/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 180_000,
    reporters: ['default', new PlainSummaryReporter()],
    pool: 'forks',
    // Two cores: model-heavy files would fight for them and slow each other down.
    maxWorkers: 2,
  },
});
