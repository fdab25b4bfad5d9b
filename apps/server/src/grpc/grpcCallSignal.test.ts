import { EventEmitter } from 'node:events';
import type { Deadline } from '@grpc/grpc-js';
import { describe, expect, it } from 'vitest';
import { grpcCallSignal } from './grpcCallSignal.js';

/** Just what grpcCallSignal reads from a call: its deadline and the `cancelled` event. */
function fakeCall(deadline: Deadline): EventEmitter & { getDeadline(): Deadline } {
  return Object.assign(new EventEmitter(), { getDeadline: () => deadline });
}

describe('grpcCallSignal', () => {
  it('aborts with TIMEOUT when the deadline passes', async () => {
    const { signal, dispose } = grpcCallSignal(fakeCall(Date.now() + 20));
    expect(signal.aborted).toBe(false);
    await new Promise((resolve) => signal.addEventListener('abort', resolve, { once: true }));
    expect(signal.reason).toMatchObject({ name: 'AkidbError', code: 'TIMEOUT' });
    dispose();
  });

  it('takes Date deadlines too, and one already past aborts at once', async () => {
    const { signal } = grpcCallSignal(fakeCall(new Date(Date.now() - 1000)));
    await new Promise((resolve) => setTimeout(resolve, 5));
    expect(signal.reason).toMatchObject({ code: 'TIMEOUT' });
  });

  it('aborts with CANCELLED when the client cancels, and never without a deadline', async () => {
    const call = fakeCall(Infinity);
    const { signal, dispose } = grpcCallSignal(call);
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(signal.aborted).toBe(false);
    call.emit('cancelled');
    expect(signal.reason).toMatchObject({ code: 'CANCELLED' });
    dispose();
  });

  it('dispose stops the deadline timer', async () => {
    const { signal, dispose } = grpcCallSignal(fakeCall(Date.now() + 10));
    dispose();
    await new Promise((resolve) => setTimeout(resolve, 30));
    expect(signal.aborted).toBe(false);
  });
});
