import { Tensor } from 'onnxruntime-node';
import { describe, expect, it } from 'vitest';
import { decodeResults, encodeFeeds, isStandalone } from './wireTensors.js';

const ids = (): BigInt64Array => BigInt64Array.from([101n, 7592n, 102n, 0n]);

describe('encodeFeeds', () => {
  it('transfers a standalone array the caller lets go, and copies one it keeps', () => {
    const mine = ids();
    const theirs = ids();
    const { feeds, transfer } = encodeFeeds(
      { a: new Tensor('int64', mine, [1, 4]), b: new Tensor('int64', theirs, [1, 4]) },
      (data) => data === mine,
    );
    const sent = feeds.b?.data;
    expect(feeds.a?.data).toBe(mine);
    expect(sent).not.toBe(theirs);
    expect(sent).toEqual(theirs);
    expect(sent).toBeInstanceOf(BigInt64Array);
    expect(transfer).toEqual([mine.buffer, (sent as BigInt64Array).buffer]);
    expect(feeds.a).toMatchObject({ type: 'int64', dims: [1, 4] });
  });

  it('copies exactly the elements of a view into a larger buffer', () => {
    const whole = new Int32Array(1000).fill(7);
    const view = whole.subarray(10, 14);
    expect(isStandalone(view)).toBe(false);
    const { feeds, transfer } = encodeFeeds({ x: new Tensor('int32', view, [4]) }, () => true);
    const sent = feeds.x?.data as Int32Array;
    expect(sent.buffer.byteLength).toBe(16);
    expect(transfer).toEqual([sent.buffer]);
  });

  it('lists a buffer once when two inputs share an array, copying the second', () => {
    const shared = ids();
    const tensor = new Tensor('int64', shared, [1, 4]);
    const { feeds, transfer } = encodeFeeds({ a: tensor, b: tensor }, () => true);
    expect(transfer).toHaveLength(2);
    expect(new Set(transfer).size).toBe(2);
    expect(feeds.a?.data).toBe(shared);
    expect(feeds.b?.data).toEqual(shared);
  });

  it('clones string tensors without transferring anything', () => {
    const { feeds, transfer } = encodeFeeds({ s: new Tensor('string', ['a', 'b'], [2]) }, () => true);
    expect(feeds.s?.data).toEqual(['a', 'b']);
    expect(transfer).toEqual([]);
  });

  it('is what postMessage needs: a transferred buffer arrives whole and leaves the sender detached', () => {
    const mine = ids();
    const { feeds, transfer } = encodeFeeds({ a: new Tensor('int64', mine, [1, 4]) }, () => true);
    const received = structuredClone(feeds, { transfer });
    expect(mine).toHaveLength(0);
    expect(Array.from(received.a?.data as BigInt64Array)).toEqual([101n, 7592n, 102n, 0n]);
  });
});

describe('decodeResults', () => {
  it('rebuilds tensors around the received data', () => {
    const data = Float32Array.from([1, 2, 3, 4, 5, 6]);
    const results = decodeResults({ out: { type: 'float32', data, dims: [1, 2, 3] } });
    expect(results.out?.data).toBe(data);
    expect(results.out?.dims).toEqual([1, 2, 3]);
    expect(results.out?.type).toBe('float32');
  });
});
