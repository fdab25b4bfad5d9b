import { describe, expect, it } from 'vitest';
import { parseConfig, usage } from './parseConfig.js';
import { DEFAULT_CONFIG, redactConfig, resolveConfig } from './serverConfig.js';
import { SETTINGS } from './serverSettings.js';
import { serviceOptionsFor } from './serviceOptions.js';

describe('parseConfig', () => {
  it('reads the environment', () => {
    const parsed = parseConfig([], {
      PORT: '9000',
      HOST: '0.0.0.0',
      AKIDB_HOME: '/models',
      AKIDB_PRELOAD: 'a, b,,c',
      AKIDB_BATCHING: 'off',
      AKIDB_API_KEY: 'k',
      LOG_LEVEL: 'warn',
    });
    expect(parsed).toEqual({
      help: false,
      config: {
        port: 9000,
        host: '0.0.0.0',
        home: '/models',
        preload: ['a', 'b', 'c'],
        batching: false,
        apiKey: 'k',
        logLevel: 'warn',
      },
    });
  });

  it('lets flags win over the environment', () => {
    const parsed = parseConfig(['--port', '7000', '--batching=on', '--cors-origins', '*'], {
      PORT: '9000',
      AKIDB_BATCHING: 'off',
    });
    expect(parsed).toEqual({ help: false, config: { port: 7000, batching: true, corsOrigins: ['*'] } });
  });

  it('passes the batch overhead (0 allowed) through to the service batching options', () => {
    const parsed = parseConfig(['--batch-overhead-tokens', '0'], { AKIDB_BATCH_OVERHEAD_TOKENS: '64' });
    expect(parsed).toEqual({ help: false, config: { batchOverheadTokens: 0 } });
    const config = resolveConfig({ batchOverheadTokens: 0 });
    expect(serviceOptionsFor(config).batching?.batchOverheadTokens).toBe(0);
    expect(serviceOptionsFor(resolveConfig({})).batching).not.toHaveProperty('batchOverheadTokens');
    expect(() => resolveConfig({ batchOverheadTokens: -1 })).toThrow();
  });

  it('turns ONNX Runtime spinning off by default, on with --spinning on', () => {
    expect(serviceOptionsFor(resolveConfig({})).session?.allowSpinning).toBe(false);
    const parsed = parseConfig(['--spinning', 'on'], {});
    expect(parsed).toEqual({ help: false, config: { allowSpinning: true } });
    expect(serviceOptionsFor(resolveConfig({ allowSpinning: true })).session?.allowSpinning).toBe(true);
  });

  it('rejects unknown flags and malformed values', () => {
    expect(() => parseConfig(['--nope', '1'], {})).toThrow();
    expect(() => parseConfig(['--port', 'eighty'], {})).toThrow(/--port must be a whole number/);
    expect(() => parseConfig([], { AKIDB_BATCHING: 'maybe' })).toThrow(/on or off/);
  });

  it('answers --help, and the usage names every flag', () => {
    expect(parseConfig(['--help'], {})).toEqual({ help: true });
    for (const spec of SETTINGS) expect(usage()).toContain(`--${spec.flag}`);
  });
});

describe('resolveConfig', () => {
  it('fills in the defaults', () => {
    expect(resolveConfig()).toEqual(DEFAULT_CONFIG);
    expect(resolveConfig({ port: 0, apiKey: undefined }).port).toBe(0);
    expect(DEFAULT_CONFIG).toMatchObject({ port: 8080, host: '127.0.0.1', maxInputs: 2048, batching: true });
  });

  it('names every bad setting', () => {
    expect(() => resolveConfig({ port: 70_000, maxBatchSize: 0 })).toThrow(/port.*maxBatchSize/);
    expect(() => resolveConfig({ logLevel: 'loud' })).toThrow(/logLevel/);
  });

  it('redacts the API key for printing', () => {
    const printed = JSON.stringify(redactConfig(resolveConfig({ apiKey: 'sk-very-secret' })));
    expect(printed).not.toContain('sk-very-secret');
    expect(printed).toContain('[redacted]');
  });
});
