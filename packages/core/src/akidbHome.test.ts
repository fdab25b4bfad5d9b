import { homedir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { modelDirectory, resolveAkidbHome } from './akidbHome.js';

describe('resolveAkidbHome', () => {
  it('uses AKIDB_HOME when set', () => {
    expect(resolveAkidbHome({ AKIDB_HOME: '/srv/akidb' })).toBe('/srv/akidb');
  });
  it('falls back to ~/.cache/akidb when unset or blank', () => {
    expect(resolveAkidbHome({})).toBe(join(homedir(), '.cache', 'akidb'));
    expect(resolveAkidbHome({ AKIDB_HOME: '  ' })).toBe(join(homedir(), '.cache', 'akidb'));
  });
  it('places models under <home>/models/<id>', () => {
    expect(modelDirectory('minilm', '/h')).toBe('/h/models/minilm');
  });
});
