const MODEL_ID = /^[a-z0-9][a-z0-9._-]*$/;

/** Longest model id accepted (ids are directory names). */
export const MAX_MODEL_ID_LENGTH: number = 100;

/**
 * True when `id` is a well-formed model id: lowercase `[a-z0-9._-]`, starting with a letter or digit,
 * never containing `..` or a path separator. Ids double as directory names, so anything else is refused
 * before it can reach the filesystem.
 *
 * @example
 * isValidModelId('bge-small-en-v1.5'); // true
 * isValidModelId('../../etc/passwd'); // false
 */
export function isValidModelId(id: string): boolean {
  return id.length <= MAX_MODEL_ID_LENGTH && MODEL_ID.test(id) && !id.includes('..');
}
