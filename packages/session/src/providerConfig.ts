import { invalidInput } from './errors.js';
import type { ExecutionProviderSpec, TensorRtProviderSpec, WebGpuProviderSpec } from './types.js';

/** The provider entry handed to onnxruntime-node: a name plus provider options. */
export interface OrtProviderConfig {
  readonly name: string;
  readonly [option: string]: unknown;
}

function checkDeviceId(deviceId: number | undefined): void {
  if (deviceId !== undefined && !(Number.isInteger(deviceId) && deviceId >= 0)) {
    throw invalidInput(`deviceId must be a non-negative integer, got ${deviceId}.`);
  }
}

const flag = (value: boolean): string => (value ? '1' : '0');

/**
 * Maps TensorRT settings to ONNX Runtime's TensorRT provider option names (`trt_fp16_enable`,
 * `trt_int8_enable`, `trt_engine_cache_enable`, `trt_engine_cache_path`, `trt_max_workspace_size`).
 * Only the settings given appear; `engineCachePath` alone turns the engine cache on.
 *
 * @example
 * tensorRtProviderOptions({ name: 'tensorrt', fp16: true, engineCachePath: '/var/cache/trt' });
 * // { trt_fp16_enable: '1', trt_engine_cache_enable: '1', trt_engine_cache_path: '/var/cache/trt' }
 */
export function tensorRtProviderOptions(spec: TensorRtProviderSpec): Record<string, string> {
  const options: Record<string, string> = {};
  if (spec.fp16 !== undefined) options.trt_fp16_enable = flag(spec.fp16);
  if (spec.int8 !== undefined) options.trt_int8_enable = flag(spec.int8);
  const cacheEnable = spec.engineCacheEnable ?? (spec.engineCachePath === undefined ? undefined : true);
  if (cacheEnable !== undefined) options.trt_engine_cache_enable = flag(cacheEnable);
  if (spec.engineCachePath !== undefined) {
    if (spec.engineCachePath.trim() === '') {
      throw invalidInput('engineCachePath must not be empty.');
    }
    options.trt_engine_cache_path = spec.engineCachePath;
  }
  if (spec.maxWorkspaceSize !== undefined) {
    if (!(Number.isSafeInteger(spec.maxWorkspaceSize) && spec.maxWorkspaceSize > 0)) {
      throw invalidInput(
        `maxWorkspaceSize must be a positive whole number of bytes, got ${spec.maxWorkspaceSize}.`,
      );
    }
    options.trt_max_workspace_size = String(spec.maxWorkspaceSize);
  }
  return options;
}

const WEBGPU_CHOICES: Readonly<Record<string, readonly string[]>> = {
  preferredLayout: ['NCHW', 'NHWC'],
  validationMode: ['disabled', 'wgpuOnly', 'basic', 'full'],
  storageBufferCacheMode: ['disabled', 'lazyRelease', 'simple', 'bucket'],
  uniformBufferCacheMode: ['disabled', 'lazyRelease', 'simple', 'bucket'],
  queryResolveBufferCacheMode: ['disabled', 'lazyRelease', 'simple', 'bucket'],
  defaultBufferCacheMode: ['disabled', 'lazyRelease', 'simple', 'bucket'],
};

/**
 * The WebGPU options onnxruntime-node's binding accepts, checked and copied from `spec`. Only the
 * settings given appear; `deviceId` is left out, since the binding rejects any key it does not know.
 *
 * @example
 * webGpuProviderOptions({ name: 'webgpu', storageBufferCacheMode: 'simple' });
 * // { storageBufferCacheMode: 'simple' }
 */
export function webGpuProviderOptions(spec: WebGpuProviderSpec): Record<string, unknown> {
  const options: Record<string, unknown> = {};
  for (const [key, choices] of Object.entries(WEBGPU_CHOICES)) {
    const value = (spec as unknown as Record<string, unknown>)[key];
    if (value === undefined) continue;
    if (typeof value !== 'string' || !choices.includes(value)) {
      throw invalidInput(`webgpu ${key} must be one of ${choices.join(', ')}, got "${String(value)}".`);
    }
    options[key] = value;
  }
  if (spec.forceCpuNodeNames !== undefined) {
    if (!spec.forceCpuNodeNames.every((node) => typeof node === 'string' && node !== '')) {
      throw invalidInput('webgpu forceCpuNodeNames must be non-empty node names.');
    }
    options.forceCpuNodeNames = [...spec.forceCpuNodeNames];
  }
  if (spec.enableRobustness !== undefined) {
    options.enableRobustness = spec.enableRobustness === true;
  }
  return options;
}

/**
 * The entry for onnxruntime-node's `executionProviders`. The binding reads `deviceId` (CUDA,
 * TensorRT, DirectML), `coreMlFlags` (CoreML) and the WebGPU options of
 * {@link webGpuProviderOptions}; TensorRT's `trt_*` options ride along under ONNX Runtime's names.
 */
export function toOrtProviderConfig(name: string, spec: ExecutionProviderSpec): OrtProviderConfig {
  if (typeof spec === 'string') {
    return { name };
  }
  if (name === 'webgpu') {
    return { name, ...webGpuProviderOptions(spec as WebGpuProviderSpec) };
  }
  const deviceId = 'deviceId' in spec ? spec.deviceId : undefined;
  checkDeviceId(deviceId);
  const base = deviceId === undefined ? { name } : { name, deviceId };
  if (name === 'tensorrt') {
    return { ...base, ...tensorRtProviderOptions(spec as TensorRtProviderSpec) };
  }
  if (name === 'coreml' && 'coreMlFlags' in spec && spec.coreMlFlags !== undefined) {
    return { ...base, coreMlFlags: spec.coreMlFlags };
  }
  return base;
}

/**
 * Warnings for settings the provider cannot honour through onnxruntime-node: its binding passes
 * only `deviceId` to TensorRT, and TensorRT has no FP8 builder flag at all.
 */
export function providerConfigWarnings(name: string, spec: ExecutionProviderSpec): string[] {
  if (name === 'webgpu' && typeof spec !== 'string' && 'deviceId' in spec && spec.deviceId !== undefined) {
    return ['webgpu takes no deviceId in onnxruntime-node; it is ignored (Dawn picks the adapter).'];
  }
  if (name !== 'tensorrt' || typeof spec === 'string') {
    return [];
  }
  const trt = spec as TensorRtProviderSpec;
  const warnings: string[] = [];
  const ignored = Object.keys(tensorRtProviderOptions(trt));
  if (ignored.length > 0) {
    warnings.push(
      `onnxruntime-node forwards only deviceId to the TensorRT provider; ${ignored.join(', ')} ` +
        'will not take effect (TensorRT uses its defaults: FP32, no engine cache).',
    );
  }
  if (trt.fp8 === true) {
    warnings.push(
      'fp8: the TensorRT provider has no FP8 switch; FP8 kernels are used only for models exported ' +
        'with FP8 QuantizeLinear/DequantizeLinear nodes.',
    );
  }
  return warnings;
}
