/**
 * Polls `check` every `intervalMs` until it returns true; throws after `tries` attempts (a guard
 * against hanging, not a timing assertion).
 *
 * @example
 * await waitUntil(async () => (await queueDepth()) === 0);
 */
export async function waitUntil(check: () => Promise<boolean>, tries = 1500, intervalMs = 10): Promise<void> {
  for (let i = 0; i < tries; i++) {
    if (await check()) return;
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
  throw new Error(`condition not reached after ${tries} tries`);
}
