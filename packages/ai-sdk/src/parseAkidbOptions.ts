import { InvalidArgumentError, type SharedV3ProviderOptions } from '@ai-sdk/provider';
import type { EmbedRole } from '@akidb/client';

/** What `providerOptions.akidb` may carry on an `embed` / `embedMany` call. */
export interface AkidbCallOptions {
  /** `'query'` or `'document'`: picks the model's prompt for that role, when it has one. */
  inputType?: EmbedRole;
  /** Matryoshka: keep the first `dimensions` components. */
  dimensions?: number;
}

/** Reads and checks `providerOptions.akidb`; anything else there is an `InvalidArgumentError`. */
export function parseAkidbOptions(providerOptions: SharedV3ProviderOptions | undefined): AkidbCallOptions {
  const raw = providerOptions?.akidb;
  if (raw === undefined) return {};
  const parsed: AkidbCallOptions = {};
  for (const [key, value] of Object.entries(raw)) {
    if (value === undefined) continue;
    if (key === 'inputType' && (value === 'query' || value === 'document')) parsed.inputType = value;
    else if (key === 'dimensions' && typeof value === 'number' && Number.isInteger(value) && value > 0) {
      parsed.dimensions = value;
    } else {
      throw new InvalidArgumentError({
        argument: `providerOptions.akidb.${key}`,
        message:
          key === 'inputType' || key === 'dimensions'
            ? `providerOptions.akidb.${key} has an invalid value: ${JSON.stringify(value)}`
            : `Unknown option providerOptions.akidb.${key}; known: inputType, dimensions`,
      });
    }
  }
  return parsed;
}
