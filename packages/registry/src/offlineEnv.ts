const TRUTHY = new Set(['1', 'true', 'yes', 'on']);

/**
 * True when the environment asks for no network access: `HF_HUB_OFFLINE` or `AKIDB_OFFLINE` set to
 * `1`, `true`, `yes` or `on`.
 */
export function isOfflineEnv(env: NodeJS.ProcessEnv = process.env): boolean {
  return [env.HF_HUB_OFFLINE, env.AKIDB_OFFLINE].some(
    (value) => value !== undefined && TRUTHY.has(value.trim().toLowerCase()),
  );
}
