import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { publishRegistryEnv } from './publishRegistryEnv.js';

// `pnpm release` ends here, in the workspace root, after the build: `changeset publish` with the private
// registry taken from AKIDB_REGISTRY_URL (and AKIDB_REGISTRY_TOKEN). Arguments are passed on, e.g.
// `--no-git-tag`. Publishing never falls back to the public registry: without the variable it stops here.
let registryEnv: Record<string, string>;
try {
  registryEnv = publishRegistryEnv(process.env);
} catch (error) {
  process.stderr.write(`${(error as Error).message}\n`);
  process.exit(1);
}
const changesetBin = createRequire(import.meta.url).resolve('@changesets/cli/bin.js');
const child = spawn(process.execPath, [changesetBin, 'publish', ...process.argv.slice(2)], {
  stdio: 'inherit',
  env: { ...process.env, ...registryEnv },
});
child.on('error', (error) => {
  process.stderr.write(`Could not run changeset publish: ${error.message}\n`);
  process.exitCode = 1;
});
child.on('close', (code, signal) => {
  process.exitCode = code ?? (signal ? 1 : 0);
});
