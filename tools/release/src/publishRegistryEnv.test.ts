import { describe, expect, it } from 'vitest';
import { publishRegistryEnv, registryAuthKey } from './publishRegistryEnv.js';

describe('publishRegistryEnv', () => {
  it('points the @akidb scope at AKIDB_REGISTRY_URL, with a trailing slash', () => {
    expect(publishRegistryEnv({ AKIDB_REGISTRY_URL: 'https://npm.internal.example/repo/npm' })).toEqual({
      'npm_config_@akidb:registry': 'https://npm.internal.example/repo/npm/',
    });
  });

  it('adds the token under the registry credentials key when AKIDB_REGISTRY_TOKEN is set', () => {
    expect(
      publishRegistryEnv({ AKIDB_REGISTRY_URL: 'http://127.0.0.1:4873', AKIDB_REGISTRY_TOKEN: ' s3cret ' }),
    ).toEqual({
      'npm_config_@akidb:registry': 'http://127.0.0.1:4873/',
      'npm_config_//127.0.0.1:4873/:_authToken': 's3cret',
    });
  });

  it('refuses to guess a registry when none is configured', () => {
    expect(() => publishRegistryEnv({})).toThrow(/AKIDB_REGISTRY_URL is not set/);
    expect(() => publishRegistryEnv({ AKIDB_REGISTRY_URL: '  ' })).toThrow(/AKIDB_REGISTRY_URL is not set/);
  });

  it('rejects what is not a plain http(s) registry URL', () => {
    expect(() => publishRegistryEnv({ AKIDB_REGISTRY_URL: 'npm.internal.example' })).toThrow(/not a URL/);
    expect(() => publishRegistryEnv({ AKIDB_REGISTRY_URL: 'file:///tmp/registry' })).toThrow(/http\(s\)/);
    expect(() => publishRegistryEnv({ AKIDB_REGISTRY_URL: 'https://user:pw@npm.example/' })).toThrow(
      /AKIDB_REGISTRY_TOKEN/,
    );
  });
});

describe('registryAuthKey', () => {
  it('is the nerf-darted URL npm keys credentials by', () => {
    expect(registryAuthKey('https://npm.example/')).toBe('//npm.example/');
    expect(registryAuthKey('http://127.0.0.1:4873/')).toBe('//127.0.0.1:4873/');
    expect(registryAuthKey('https://npm.example/api/npm/private')).toBe('//npm.example/api/npm/private/');
  });
});
