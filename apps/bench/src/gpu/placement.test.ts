import { describe, expect, it } from 'vitest';
import { ortProviderClass, parsePlacement } from './placement.js';

// Lines as onnxruntime-node 1.30 prints them at logSeverityLevel 0 (timestamps shortened).
const LOG = [
  '2026-12-01 02:18:41.67 [I:onnxruntime:, transformer_memcpy.cc:393 AddCopyNode] Add MemcpyFromHost after input_ids for WebGpuExecutionProvider',
  '2026-12-01 02:18:41.67 [I:onnxruntime:, transformer_memcpy.cc:393 AddCopyNode] Add MemcpyFromHost after /embeddings/Slice_output_0 for WebGpuExecutionProvider',
  '2026-12-01 02:18:41.67 [V:onnxruntime:, session_state.cc:1377 VerifyEachNodeIsAssignedToAnEp] Node placements',
  '2026-12-01 02:18:41.67 [V:onnxruntime:, session_state.cc:1383 VerifyEachNodeIsAssignedToAnEp]  Node(s) placed on [WebGpuExecutionProvider]. Number of nodes: 3',
  '2026-12-01 02:18:41.67 [V:onnxruntime:, session_state.cc:1385 VerifyEachNodeIsAssignedToAnEp]   Gather (/embeddings/word_embeddings/Gather)',
  '2026-12-01 02:18:41.67 [V:onnxruntime:, session_state.cc:1385 VerifyEachNodeIsAssignedToAnEp]   SkipLayerNormalization (SkipLayerNorm_AddBias_0)',
  '2026-12-01 02:18:41.67 [V:onnxruntime:, session_state.cc:1385 VerifyEachNodeIsAssignedToAnEp]   MatMul (/encoder/layer.0/attention/self/query/MatMul)',
  '2026-12-01 02:18:41.67 [V:onnxruntime:, session_state.cc:1383 VerifyEachNodeIsAssignedToAnEp]  Node(s) placed on [CPUExecutionProvider]. Number of nodes: 4',
  '2026-12-01 02:18:41.67 [V:onnxruntime:, session_state.cc:1385 VerifyEachNodeIsAssignedToAnEp]   Shape (/embeddings/Shape)',
  '2026-12-01 02:18:41.67 [V:onnxruntime:, session_state.cc:1385 VerifyEachNodeIsAssignedToAnEp]   Cast ()',
  '2026-12-01 02:18:41.67 [V:onnxruntime:, session_state.cc:1385 VerifyEachNodeIsAssignedToAnEp]   Attention (Attention_0)',
  '2026-12-01 02:18:41.67 [V:onnxruntime:, session_state.cc:1385 VerifyEachNodeIsAssignedToAnEp]   Attention (Attention_1)',
  '\u001b[0;93m2026-12-01 02:18:41.67 [W:onnxruntime:, session_state.cc:1397 VerifyEachNodeIsAssignedToAnEp] Some nodes were not assigned to the preferred execution providers which may or may not have an negative impact on performance.\u001b[m',
  '2026-12-01 02:18:41.68 [I:onnxruntime:, inference_session.cc:3094 Initialize] Session successfully initialized.',
].join('\n');

describe('parsePlacement', () => {
  it('counts nodes per provider and lists the ones that fell back, by op type and name', () => {
    const placement = parsePlacement(LOG, 'WebGpuExecutionProvider');
    expect(placement.nodesByProvider).toEqual({ WebGpuExecutionProvider: 3, CPUExecutionProvider: 4 });
    expect(placement.fallbackOps).toEqual({ Shape: 1, Cast: 1, Attention: 2 });
    expect(placement.fallbackNodes).toEqual(['/embeddings/Shape', 'Cast', 'Attention_0', 'Attention_1']);
    expect(placement.copies).toEqual([
      'MemcpyFromHost input_ids',
      'MemcpyFromHost /embeddings/Slice_output_0',
    ]);
  });

  it('has no fallback when everything sits on the provider asked for', () => {
    const placement = parsePlacement(LOG, 'CPUExecutionProvider');
    expect(placement.fallbackOps).toEqual({ Gather: 1, SkipLayerNormalization: 1, MatMul: 1 });
    expect(parsePlacement('no placement here', 'CPUExecutionProvider').nodesByProvider).toEqual({});
  });

  it('maps provider names to ORT class names', () => {
    expect(ortProviderClass('webgpu')).toBe('WebGpuExecutionProvider');
    expect(ortProviderClass('cuda')).toBe('CUDAExecutionProvider');
    expect(ortProviderClass('other')).toBe('other');
  });
});
