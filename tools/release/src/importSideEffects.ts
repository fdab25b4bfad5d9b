import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { runCommand } from './runCommand.js';
import type { PackageManifest } from './workspacePackages.js';

// Runs in a fresh Node: imports the package's dependencies first (their own side effects are theirs), takes a
// snapshot of what a module could change on import, imports the built entry, and prints what changed.
const PROBE = `
const [entry, ...deps] = JSON.parse(process.argv[1]);
for (const dep of deps) await import(dep);
const printed = [];
for (const stream of [process.stdout, process.stderr]) {
  const write = stream.write.bind(stream);
  stream.write = (chunk, ...rest) => (printed.push(String(chunk)), true);
  stream.restore = write;
}
const events = ['exit', 'beforeExit', 'uncaughtException', 'unhandledRejection', 'warning', 'SIGINT', 'SIGTERM'];
const settle = () => new Promise((resolve) => setTimeout(resolve, 50));
const snapshot = () => ({
  globals: Object.getOwnPropertyNames(globalThis).sort().join(','),
  listeners: events.map((event) => event + '=' + process.listenerCount(event)).join(','),
  resources: process.getActiveResourcesInfo().sort().join(','),
  env: Object.keys(process.env).sort().join(','),
});
await settle();
const before = snapshot();
const scheduled = [];
const timers = {};
for (const name of ['setTimeout', 'setInterval', 'setImmediate']) {
  timers[name] = globalThis[name];
  globalThis[name] = (...args) => (scheduled.push(name), timers[name](...args));
}
await import(entry);
Object.assign(globalThis, timers);
await settle();
const after = snapshot();
for (const stream of [process.stdout, process.stderr]) stream.write = stream.restore;
const changes = Object.keys(before)
  .filter((key) => before[key] !== after[key])
  .map((key) => key + ': ' + before[key] + ' -> ' + after[key]);
if (scheduled.length) changes.push('scheduled: ' + scheduled.join(','));
if (printed.length) changes.push('printed: ' + printed.join(''));
// A timer the module left running would keep this process alive: exit once the answer is out.
process.stdout.write(JSON.stringify(changes), () => process.exit(0));
`;

/**
 * What importing a built package does beyond defining things: globals added, process listeners registered,
 * timers scheduled or handles left open, environment changed, output printed. Empty when `sideEffects: false` is
 * truthful for the package's own code.
 */
export async function importSideEffects(
  pkgDir: string,
  manifest: PackageManifest,
  env: NodeJS.ProcessEnv,
): Promise<string[]> {
  const entry = pathToFileURL(join(pkgDir, 'dist', 'index.mjs')).href;
  // Type-only packages (`@types/*`) have nothing to import.
  const deps = Object.keys(manifest.dependencies ?? {}).filter((name) => !name.startsWith('@types/'));
  const { stdout } = await runCommand(
    process.execPath,
    ['--input-type=module', '-e', PROBE, JSON.stringify([entry, ...deps])],
    { cwd: pkgDir, env, timeoutMs: 60_000 },
  );
  return JSON.parse(stdout) as string[];
}
