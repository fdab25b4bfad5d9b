import { describe, expect, it } from 'vitest';
import { providerConfigWarnings, tensorRtProviderOptions, toOrtProviderConfig } from './providerConfig.js';

describe('tensorRtProviderOptions', () => {
  it("maps precision, engine cache and workspace settings to ONNX Runtime's trt_* names", () => {
    expect(
      tensorRtProviderOptions({
        name: 'tensorrt',
        fp16: true,
        int8: false,
        engineCacheEnable: true,
        engineCachePath: '/var/cache/akidb/trt',
        maxWorkspaceSize: 2 * 1024 ** 3,
      }),
    ).toEqual({
      trt_fp16_enable: '1',
      trt_int8_enable: '0',
      trt_engine_cache_enable: '1',
      trt_engine_cache_path: '/var/cache/akidb/trt',
      trt_max_workspace_size: '2147483648',
    });
  });

  it('emits only what was set, and an engine cache path alone enables the cache', () => {
    expect(tensorRtProviderOptions({ name: 'tensorrt' })).toEqual({});
    expect(tensorRtProviderOptions({ name: 'tensorrt', engineCachePath: 'engines' })).toEqual({
      trt_engine_cache_enable: '1',
      trt_engine_cache_path: 'engines',
    });
    expect(tensorRtProviderOptions({ name: 'tensorrt', engineCacheEnable: false })).toEqual({
      trt_engine_cache_enable: '0',
    });
  });

  it('has no FP8 option to map (TensorRT takes FP8 from Q/DQ nodes)', () => {
    expect(tensorRtProviderOptions({ name: 'tensorrt', fp8: true })).toEqual({});
  });

  it('rejects a workspace size that is not a positive whole number of bytes', () => {
    expect(() => tensorRtProviderOptions({ name: 'tensorrt', maxWorkspaceSize: 0 })).toThrow(
      expect.objectContaining({ code: 'INPUT_INVALID' }),
    );
    expect(() => tensorRtProviderOptions({ name: 'tensorrt', maxWorkspaceSize: 1.5 })).toThrow(
      /maxWorkspaceSize/,
    );
  });
});

describe('toOrtProviderConfig', () => {
  it('passes names as is and keeps deviceId for CUDA and TensorRT', () => {
    expect(toOrtProviderConfig('cpu', 'cpu')).toEqual({ name: 'cpu' });
    expect(toOrtProviderConfig('cuda', { name: 'cuda', deviceId: 1 })).toEqual({ name: 'cuda', deviceId: 1 });
    expect(toOrtProviderConfig('tensorrt', { name: 'tensorrt', deviceId: 2, fp16: true })).toEqual({
      name: 'tensorrt',
      deviceId: 2,
      trt_fp16_enable: '1',
    });
  });

  it('passes CoreML flags and uses the normalised name', () => {
    expect(toOrtProviderConfig('coreml', { name: 'CoreML', coreMlFlags: 0x010 } as never)).toEqual({
      name: 'coreml',
      coreMlFlags: 16,
    });
  });

  it('rejects a negative or fractional device id', () => {
    expect(() => toOrtProviderConfig('cuda', { name: 'cuda', deviceId: -1 })).toThrow(/deviceId/);
    expect(() => toOrtProviderConfig('cuda', { name: 'cuda', deviceId: 0.5 })).toThrow(/deviceId/);
  });
});

describe('providerConfigWarnings', () => {
  it('warns that onnxruntime-node forwards only deviceId to TensorRT, naming the ignored options', () => {
    const [warning] = providerConfigWarnings('tensorrt', {
      name: 'tensorrt',
      fp16: true,
      engineCachePath: 'e',
    });
    expect(warning).toContain('deviceId');
    expect(warning).toContain('trt_fp16_enable');
    expect(warning).toContain('trt_engine_cache_path');
  });

  it('warns about fp8, and stays quiet for plain providers', () => {
    expect(providerConfigWarnings('tensorrt', { name: 'tensorrt', fp8: true })).toEqual([
      expect.stringContaining('FP8'),
    ]);
    expect(providerConfigWarnings('tensorrt', { name: 'tensorrt', deviceId: 0 })).toEqual([]);
    expect(providerConfigWarnings('cuda', { name: 'cuda', deviceId: 0 })).toEqual([]);
    expect(providerConfigWarnings('tensorrt', 'tensorrt')).toEqual([]);
  });
});
