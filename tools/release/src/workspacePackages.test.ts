import { describe, expect, it } from 'vitest';
import { parseNpmConfigLines } from './npmSettings.js';
import { pnpmVersionOf } from './pinnedPnpm.js';
import { parseWorkspaceGlobs } from './workspacePackages.js';

describe('parseWorkspaceGlobs', () => {
  it('reads the dir/* entries under packages: and nothing from other keys', () => {
    const yaml =
      'packages:\n  - packages/*\n  - \'apps/*\'\n  - "tools/*" # tooling\n\ncatalog:\n  zod: 4.6.7\n';
    expect(parseWorkspaceGlobs(yaml)).toEqual(['packages/*', 'apps/*', 'tools/*']);
  });

  it('refuses globs it cannot expand', () => {
    expect(() => parseWorkspaceGlobs('packages:\n  - packages/**\n')).toThrow(/Unsupported workspace glob/);
  });
});

describe('parseNpmConfigLines', () => {
  it('splits key=value lines on the first =', () => {
    const values = parseNpmConfigLines('registry=https://r.example/?a=b\ncafile=null\n\n');
    expect(Object.fromEntries(values)).toEqual({ registry: 'https://r.example/?a=b', cafile: 'null' });
  });
});

describe('pnpmVersionOf', () => {
  it('reads the pinned version, with or without a hash', () => {
    expect(pnpmVersionOf('pnpm@10.34.9')).toBe('10.34.9');
    expect(pnpmVersionOf('pnpm@10.34.9+sha512.abc')).toBe('10.34.9');
    expect(() => pnpmVersionOf('yarn@4.0.0')).toThrow(/does not pin pnpm/);
    expect(() => pnpmVersionOf(undefined)).toThrow(/does not pin pnpm/);
  });
});
