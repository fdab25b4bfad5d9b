import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { runCli } from './runCli.js';

describe('akidb help, version and usage errors', () => {
  it('prints the commands for --help and exits 0', async () => {
    const run = await runCli(['--help']);
    expect(run.code).toBe(0);
    for (const command of ['models list', 'models pull', 'embed']) expect(run.stdout).toContain(command);
  });

  it('prints the package version for --version', async () => {
    const { version } = JSON.parse(await readFile(new URL('../package.json', import.meta.url), 'utf8'));
    const run = await runCli(['--version']);
    expect(run).toMatchObject({ code: 0, stdout: `${version}\n` });
  });

  it('prints each command help with its options', async () => {
    const embed = await runCli(['embed', '--help']);
    expect(embed.code).toBe(0);
    expect(embed.stdout).toContain('--dimensions');
    const pull = await runCli(['models', 'pull', '-h']);
    expect(pull.code).toBe(0);
    expect(pull.stdout).toContain('pnpm models:prepare');
  });

  it.each([
    [['frobnicate'], 'unknown command "frobnicate"'],
    [['models', 'frobnicate'], 'unknown models command "frobnicate"'],
    [['models', 'list', '--bogus'], "Unknown option '--bogus'"],
    [['models', 'list', 'extra'], "Unexpected argument 'extra'"],
    [['models', 'pull'], 'missing the model id'],
    [['models', 'pull', 'a', 'b'], 'pull takes one model id'],
    [['embed', '--dimensions', 'abc', 'hello'], '--dimensions must be a positive integer'],
    [['embed', '--model'], "'-m, --model <value>' argument missing"],
    [['embed'], 'no texts'],
  ])('exits 2 with error [INPUT_INVALID] for %j', async (args, message) => {
    const run = await runCli(args);
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toMatch(/^error \[INPUT_INVALID\]: /);
    expect(run.stderr).toContain(message);
    expect(run.stderr).toMatch(/Run "akidb .*--help" for usage\./);
  });

  it('prints the group help on stderr and exits 2 for a bare group', async () => {
    const run = await runCli(['models']);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('models pull');
  });
});
