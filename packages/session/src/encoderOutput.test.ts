import { describe, expect, it } from 'vitest';
import { chooseEncoderOutput, staticHiddenSize } from './encoderOutput.js';
import type { ValueMetadata } from './types.js';

const out = (name: string, shape: (number | string)[], type = 'float32'): ValueMetadata => ({
  name,
  isTensor: true,
  type,
  shape,
});

describe('chooseEncoderOutput', () => {
  it('prefers last_hidden_state, then token_embeddings, over earlier 3-D outputs', () => {
    const logits = out('logits', ['b', 's', 2]);
    expect(chooseEncoderOutput([logits, out('last_hidden_state', ['b', 's', 384])])).toEqual({
      name: 'last_hidden_state',
      kind: 'token',
    });
    expect(
      chooseEncoderOutput([out('sentence_embedding', ['b', 768]), out('token_embeddings', ['b', 's', 768])]),
    ).toEqual({ name: 'token_embeddings', kind: 'token' });
    expect(chooseEncoderOutput([out('pooled', ['b', 8]), logits])).toEqual({ name: 'logits', kind: 'token' });
  });

  it('falls back to a pooled 2-D output, by name first', () => {
    expect(chooseEncoderOutput([out('x', ['b', 3]), out('sentence_embedding', ['b', 768])])).toEqual({
      name: 'sentence_embedding',
      kind: 'pooled',
    });
    expect(chooseEncoderOutput([out('embedding', ['b', 512])])).toEqual({
      name: 'embedding',
      kind: 'pooled',
    });
  });

  it('ignores non-float and non-tensor outputs', () => {
    expect(
      chooseEncoderOutput([out('ids', ['b', 's', 4], 'int64'), { name: 'm', isTensor: false, shape: [] }]),
    ).toBe(undefined);
  });
});

describe('staticHiddenSize', () => {
  it('reads the last dimension only when it is a number', () => {
    const outputs = [out('a', ['b', 's', 384]), out('b', ['b', 's', 'hidden'])];
    expect(staticHiddenSize(outputs, { name: 'a', kind: 'token' })).toBe(384);
    expect(staticHiddenSize(outputs, { name: 'b', kind: 'token' })).toBeUndefined();
  });
});
