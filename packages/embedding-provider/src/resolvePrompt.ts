import type { EmbedOptions } from '@akidb/core';
import { promptUnknown } from './errors.js';

/** What a model declares about prompts (from its manifest). */
export interface PromptConfig {
  prompts: Readonly<Record<string, string>>;
  defaultPrompt: string | null;
}

/**
 * The literal prefix for a call: `options.prompt` wins, then the named prompt, then the model's
 * default prompt, else none.
 */
export function resolvePrompt(config: PromptConfig, options: EmbedOptions): string {
  if (options.prompt !== undefined) return options.prompt;
  const name = options.promptName ?? config.defaultPrompt;
  if (name === null || name === undefined) return '';
  const prompt = config.prompts[name];
  if (prompt === undefined) {
    throw promptUnknown(name, Object.keys(config.prompts));
  }
  return prompt;
}
