import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { AkidbError, modelDirectory } from '@akidb/core';

/** A model's token vocabulary: how many ids it has and the string of each. */
export interface Vocabulary {
  /** One more than the largest id. */
  readonly size: number;
  /** The token string of `id`, or `undefined` when the id is unused. */
  token(id: number): string | undefined;
}

/**
 * Builds a {@link Vocabulary} from a Hugging Face `tokenizer.json` document: `model.vocab` as a map
 * (WordPiece, BPE) or a list of `[token, score]` (Unigram), plus `added_tokens`.
 * Throws `TOKENIZER_INVALID` when neither is there.
 */
export function vocabularyFromTokenizerJson(document: unknown): Vocabulary {
  const tokens: string[] = [];
  const put = (id: unknown, token: unknown): void => {
    if (typeof token === 'string' && typeof id === 'number' && Number.isInteger(id) && id >= 0)
      tokens[id] = token;
  };
  const root = asRecord(document);
  const vocab = asRecord(root?.model)?.vocab;
  if (Array.isArray(vocab)) {
    for (const [id, entry] of vocab.entries()) put(id, Array.isArray(entry) ? entry[0] : undefined);
  } else {
    for (const [token, id] of Object.entries(asRecord(vocab) ?? {})) put(id, token);
  }
  const added = root?.added_tokens;
  if (Array.isArray(added)) {
    for (const entry of added) put(asRecord(entry)?.id, asRecord(entry)?.content);
  }
  if (tokens.length === 0) throw new AkidbError('TOKENIZER_INVALID', 'tokenizer.json has no vocabulary');
  return { size: tokens.length, token: (id) => tokens[id] };
}

/**
 * Loads and caches each installed model's vocabulary from `<home>/models/<id>/tokenizer.json`.
 * Used to check token-id input and to show token strings on `/api/v1/tokenize`.
 */
export class VocabularyCache {
  readonly #home: string | undefined;
  readonly #cache = new Map<string, Promise<Vocabulary>>();

  constructor(home: string | undefined) {
    this.#home = home;
  }

  /** The vocabulary of installed model `id`. */
  get(id: string): Promise<Vocabulary> {
    let entry = this.#cache.get(id);
    if (!entry) {
      entry = this.#load(id);
      this.#cache.set(id, entry);
      entry.catch(() => this.#cache.delete(id));
    }
    return entry;
  }

  async #load(id: string): Promise<Vocabulary> {
    const path = join(modelDirectory(id, this.#home), 'tokenizer.json');
    let text: string;
    try {
      text = await readFile(path, 'utf8');
    } catch (cause) {
      throw new AkidbError('TOKENIZER_INVALID', `Model "${id}" has no readable tokenizer.json`, { cause });
    }
    try {
      return vocabularyFromTokenizerJson(JSON.parse(text));
    } catch (cause) {
      throw new AkidbError('TOKENIZER_INVALID', `Model "${id}" has an invalid tokenizer.json`, { cause });
    }
  }
}

function asRecord(value: unknown): Record<string, unknown> | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : undefined;
}
