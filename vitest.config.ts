import { defineConfig } from 'vitest/config';
import { PlainSummaryReporter } from './tools/vitest/plainSummary.js';

// glibc's dynamic mmap threshold keeps freed model weights in the heap; a fixed threshold makes large
// allocations mmap'd, so an unloaded model's memory really returns (see docs/decisions.md). Set here, the
// variable is inherited by the test worker processes, where glibc reads it at start.
process.env.MALLOC_MMAP_THRESHOLD_ ??= '131072';

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
