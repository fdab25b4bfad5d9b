import { InferenceSession } from 'onnxruntime-node';
import { describe, expect, it } from 'vitest';
import {
  providerConfigWarnings,
  tensorRtProviderOptions,
  toOrtProviderConfig,
  webGpuProviderOptions,
} from './providerConfig.js';
import { tinyEncoderModel } from './tinyOnnxModel.js';

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

describe('webGpuProviderOptions', () => {
  it('copies the options the binding reads, and only those given', () => {
    expect(webGpuProviderOptions({ name: 'webgpu' })).toEqual({});
    expect(
      webGpuProviderOptions({
        name: 'webgpu',
        preferredLayout: 'NHWC',
        validationMode: 'wgpuOnly',
        storageBufferCacheMode: 'simple',
        uniformBufferCacheMode: 'bucket',
        forceCpuNodeNames: ['pool/Div'],
        enableRobustness: false,
      }),
    ).toEqual({
      preferredLayout: 'NHWC',
      validationMode: 'wgpuOnly',
      storageBufferCacheMode: 'simple',
      uniformBufferCacheMode: 'bucket',
      forceCpuNodeNames: ['pool/Div'],
      enableRobustness: false,
    });
  });

  it('rejects values the binding would not know', () => {
    expect(() => webGpuProviderOptions({ name: 'webgpu', storageBufferCacheMode: 'lru' } as never)).toThrow(
      expect.objectContaining({ code: 'INPUT_INVALID' }),
    );
    expect(() => webGpuProviderOptions({ name: 'webgpu', forceCpuNodeNames: [''] })).toThrow(
      /forceCpuNodeNames/,
    );
  });

  it('leaves deviceId out of the WebGPU entry and warns that it is ignored', () => {
    const spec = { name: 'webgpu', deviceId: 0, storageBufferCacheMode: 'simple' } as const;
    expect(toOrtProviderConfig('webgpu', spec)).toEqual({ name: 'webgpu', storageBufferCacheMode: 'simple' });
    expect(providerConfigWarnings('webgpu', spec)).toEqual([expect.stringContaining('deviceId')]);
    expect(providerConfigWarnings('webgpu', { name: 'webgpu' })).toEqual([]);
  });

  it('is accepted by the real binding, which refuses deviceId for webgpu', async () => {
    const model = tinyEncoderModel();
    const optionError = async (provider: Record<string, unknown>): Promise<string> => {
      try {
        const session = await InferenceSession.create(model, {
          executionProviders: [provider as { name: string }],
        });
        await session.release();
        return 'created';
      } catch (error) {
        return (error as Error).message;
      }
    };
    // Without a GPU the session still fails, but for want of an adapter, not because of the options.
    const mapped = await optionError(
      toOrtProviderConfig('webgpu', { name: 'webgpu', deviceId: 0, validationMode: 'basic' }),
    );
    expect(mapped).not.toMatch(/unrecognized option|must be/);
    expect(await optionError({ name: 'webgpu', deviceId: 0 })).toMatch(/unrecognized option: 'deviceId'/);
  });
});
