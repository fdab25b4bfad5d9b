import { AkidbError } from '@akidb/core';

/** A model that cannot fit in the memory budget, even with every unpinned model evicted. */
export function modelTooLarge(id: string, required: number, budget: number, available: number): AkidbError {
  return new AkidbError(
    'MODEL_TOO_LARGE',
    `Model "${id}" needs ${required} bytes but the cache budget is ${budget} bytes (${available} not pinned)`,
    { details: { model: id, required, budget, available } },
  );
}

/** A model that cannot get a slot because every one of `maxModels` slots holds a pinned model. */
export function noFreeSlot(id: string, maxModels: number, pinned: readonly string[]): AkidbError {
  return new AkidbError(
    'OVERLOADED',
    `Model "${id}" cannot be loaded: all ${maxModels} model slots hold pinned models`,
    { details: { model: id, maxModels, pinned } },
  );
}

/** A provider whose reported size is not a non-negative finite number. */
export function invalidSize(id: string, size: unknown): AkidbError {
  return new AkidbError('MODEL_LOAD_FAILED', `Model "${id}" reported an invalid size: ${String(size)}`, {
    details: { model: id, size },
  });
}

/** An acquire after `close()` (without `id`: the reason loads in flight are aborted with). */
export function cacheClosed(id?: string): AkidbError {
  if (id === undefined) return new AkidbError('DISPOSED', 'The model cache is closed');
  return new AkidbError('DISPOSED', `Cannot acquire "${id}": the model cache is closed`, {
    details: { model: id },
  });
}

/** An acquire whose caller stopped waiting. */
export function acquireCancelled(id: string, cause: unknown): AkidbError {
  return new AkidbError('CANCELLED', `Acquiring model "${id}" was cancelled`, {
    cause,
    details: { model: id },
  });
}

/** Cache options that make no sense. */
export function invalidOption(name: string, value: unknown, expected: string): AkidbError {
  return new AkidbError(
    'INPUT_INVALID',
    `Model cache option ${name} must be ${expected}, got ${String(value)}`,
    {
      details: { option: name },
    },
  );
}
