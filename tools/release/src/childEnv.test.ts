import { describe, expect, it } from 'vitest';
import { childEnv } from './childEnv.js';

describe('childEnv', () => {
  it('drops what a surrounding pnpm run exported, keeps network settings, and uses our user config', () => {
    const env = childEnv(
      {
        HOME: '/home/me',
        PATH: '/usr/bin',
        npm_config_registry: 'https://elsewhere.example/',
        'npm_config_@akidb:registry': 'https://elsewhere.example/',
        npm_config_frozen_lockfile: 'true',
        npm_config_cafile: '/etc/ssl/ca.pem',
        npm_lifecycle_event: 'test',
        PNPM_SCRIPT_SRC_DIR: '/work',
        INIT_CWD: '/work',
        NODE_OPTIONS: '--conditions=@akidb/source',
      },
      { userconfig: '/tmp/x/npmrc', pathPrefix: ['/opt/pnpm/bin'], extra: { CI: '1' } },
    );
    expect(env).toEqual({
      HOME: '/home/me',
      PATH: '/opt/pnpm/bin:/usr/bin',
      npm_config_cafile: '/etc/ssl/ca.pem',
      npm_config_userconfig: '/tmp/x/npmrc',
      CI: '1',
    });
  });
});
