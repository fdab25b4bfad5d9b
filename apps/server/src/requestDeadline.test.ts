import { AkidbError, isAkidbError } from '@akidb/core';
import { describe, expect, it } from 'vitest';
import { abortReason, createRequestDeadline, raceAbort } from './requestDeadline.js';

describe('createRequestDeadline', () => {
  it('aborts with TIMEOUT when the deadline passes', async () => {
    const deadline = createRequestDeadline(new AbortController().signal, 5);
    await new Promise((resolve) => deadline.signal.addEventListener('abort', resolve));
    expect(isAkidbError(deadline.signal.reason, 'TIMEOUT')).toBe(true);
    deadline.dispose();
  });

  it('aborts with CANCELLED when the client goes away', () => {
    const client = new AbortController();
    const deadline = createRequestDeadline(client.signal, 60_000);
    client.abort();
    expect(isAkidbError(deadline.signal.reason, 'CANCELLED')).toBe(true);
    deadline.dispose();
  });

  it('does not fire after dispose', async () => {
    const client = new AbortController();
    const deadline = createRequestDeadline(client.signal, 5);
    deadline.dispose();
    client.abort();
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(deadline.signal.aborted).toBe(false);
  });
});

describe('raceAbort', () => {
  it('settles with the work when it finishes first', async () => {
    await expect(raceAbort(Promise.resolve(7), new AbortController().signal)).resolves.toBe(7);
  });

  it('rejects with the abort reason as soon as the signal fires', async () => {
    const controller = new AbortController();
    const never = new Promise<number>(() => undefined);
    const raced = raceAbort(never, controller.signal);
    controller.abort(new AkidbError('TIMEOUT', 'late'));
    await expect(raced).rejects.toSatisfy((e: unknown) => isAkidbError(e, 'TIMEOUT'));
  });

  it('turns a foreign abort reason into CANCELLED', () => {
    const controller = new AbortController();
    controller.abort('bye');
    expect(abortReason(controller.signal).code).toBe('CANCELLED');
  });
});
