import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  availableProviderNames,
  listExecutionProviders,
  normalizePreference,
  providerLibraries,
  unavailableReason,
} from './executionProviders.js';

const LINUX_GPU_BUILD = [
  { name: 'cpu', bundled: true },
  { name: 'webgpu', bundled: true },
  { name: 'cuda', bundled: false },
  { name: 'tensorrt', bundled: false },
];

describe('normalizePreference', () => {
  it('defaults to cpu as the last resort, lower-cases and de-duplicates names', () => {
    expect(normalizePreference(['CUDA', { name: 'cuda', deviceId: 1 }, 'tensorrt'], false)).toEqual([
      { name: 'cuda', spec: 'CUDA' },
      { name: 'tensorrt', spec: 'tensorrt' },
      { name: 'cpu', spec: 'cpu' },
    ]);
  });

  it('adds no cpu when strict, and keeps a listed cpu where it is', () => {
    expect(normalizePreference(['cuda'], true).map((p) => p.name)).toEqual(['cuda']);
    expect(normalizePreference(['cpu', 'cuda'], false).map((p) => p.name)).toEqual(['cpu', 'cuda']);
  });

  it('rejects an empty list or a nameless entry', () => {
    expect(() => normalizePreference([], false)).toThrow(expect.objectContaining({ code: 'INPUT_INVALID' }));
    expect(() => normalizePreference([{ name: ' ' }], false)).toThrow(/name/);
  });
});

describe('listExecutionProviders', () => {
  const dir = mkdtempSync(join(tmpdir(), 'akidb-session-eps-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('marks CUDA and TensorRT installed only when their provider libraries sit next to the binding', () => {
    const before = listExecutionProviders(LINUX_GPU_BUILD, 'linux', dir);
    expect(before.map((p) => [p.name, p.installed])).toEqual([
      ['cpu', true],
      ['webgpu', true],
      ['cuda', false],
      ['tensorrt', false],
    ]);
    expect(availableProviderNames(before)).toEqual(['cpu', 'webgpu']);
    expect(unavailableReason('cuda', before)).toContain('libonnxruntime_providers_cuda.so');

    for (const file of providerLibraries('cuda', 'linux')) writeFileSync(join(dir, file), '');
    const after = listExecutionProviders(LINUX_GPU_BUILD, 'linux', dir);
    expect(availableProviderNames(after)).toEqual(['cpu', 'webgpu', 'cuda']);
    expect(unavailableReason('cuda', after)).toBeUndefined();
  });

  it('knows the platform rules: CoreML only on macOS, DirectML only on Windows', () => {
    const build = [
      { name: 'cpu', bundled: true },
      { name: 'coreml', bundled: true },
      { name: 'dml', bundled: true },
    ];
    const onLinux = listExecutionProviders(build, 'linux', dir);
    expect(unavailableReason('coreml', onLinux)).toMatch(/operating system/);
    expect(unavailableReason('dml', onLinux)).toMatch(/operating system/);
    expect(availableProviderNames(listExecutionProviders(build, 'darwin', dir))).toEqual(['cpu', 'coreml']);
    expect(availableProviderNames(listExecutionProviders(build, 'win32', dir))).toEqual(['cpu', 'dml']);
  });

  it('explains a provider missing from the build', () => {
    expect(unavailableReason('openvino', listExecutionProviders(LINUX_GPU_BUILD, 'linux', dir))).toBe(
      'not included in this onnxruntime-node build (it has: cpu, webgpu, cuda, tensorrt)',
    );
  });

  it('names provider libraries per platform', () => {
    expect(providerLibraries('cuda', 'win32')).toEqual([
      'onnxruntime_providers_shared.dll',
      'onnxruntime_providers_cuda.dll',
    ]);
  });

  it('lists the real build, where cpu is always usable', () => {
    const real = listExecutionProviders();
    expect(real.find((p) => p.name === 'cpu')).toMatchObject({ bundled: true, installed: true });
  });
});
