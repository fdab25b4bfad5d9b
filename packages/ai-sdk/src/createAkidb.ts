import { type EmbeddingModelV3, NoSuchModelError, type ProviderV3 } from '@ai-sdk/provider';
import {
  AkidbEmbedder,
  type AkidbEmbedderOptions,
  createHttpClient,
  type EmbedClient,
  type EmbedRole,
} from '@akidb/client';
import { AkidbEmbeddingModel } from './akidbEmbeddingModel.js';

/** Where the vectors come from: an in-process service, or a server over HTTP. */
export type AkidbProviderSettings = (
  | {
      /** An in-process `EmbeddingService` (from `@akidb/embedding-provider`), or any {@link EmbedClient}. */
      client: EmbedClient;
    }
  | {
      /** An AkiDB server's base URL, e.g. `http://127.0.0.1:8080`. */
      baseUrl: string | URL;
      /** Sent as `Authorization: Bearer <apiKey>`. */
      apiKey?: string;
    }
) & {
  /** Most values per call (`maxEmbeddingsPerCall`, default 128); `embedMany` splits longer lists. */
  batchSize?: number;
};

/** Settings of one model. */
export interface AkidbEmbeddingModelSettings
  extends Pick<AkidbEmbedderOptions, 'normalize' | 'dimensions' | 'truncate' | 'truncationDirection'> {
  /**
   * What the values are for when a call does not say (`providerOptions.akidb.inputType`): `'document'`
   * (default) or `'query'`. Picks the model's `passage` or `query` prompt when it has one.
   */
  inputType?: EmbedRole;
}

/** An AkiDB provider: call it (or `embeddingModel`) with a model id or alias. */
export interface AkidbProvider extends ProviderV3 {
  (modelId: string, settings?: AkidbEmbeddingModelSettings): EmbeddingModelV3;
  embeddingModel(modelId: string, settings?: AkidbEmbeddingModelSettings): EmbeddingModelV3;
}

/**
 * An AI SDK provider for AkiDB models, in-process (`client: service`) or over HTTP (`baseUrl`).
 *
 * @example
 * const akidb = createAkidb({ baseUrl: 'http://127.0.0.1:8080' });
 * const { embedding } = await embed({ model: akidb('all-minilm-l6-v2'), value: 'sunny day at the beach' });
 */
export function createAkidb(settings: AkidbProviderSettings): AkidbProvider {
  const client =
    'client' in settings
      ? settings.client
      : createHttpClient(
          settings.apiKey === undefined
            ? { baseUrl: settings.baseUrl }
            : { baseUrl: settings.baseUrl, apiKey: settings.apiKey },
        );
  const embeddingModel = (modelId: string, model: AkidbEmbeddingModelSettings = {}): EmbeddingModelV3 => {
    const { inputType = 'document', ...options } = model;
    const embedder = new AkidbEmbedder({
      ...options,
      client,
      model: modelId,
      ...(settings.batchSize === undefined ? {} : { batchSize: settings.batchSize }),
    });
    return new AkidbEmbeddingModel(modelId, embedder, inputType);
  };
  const noSuchModel =
    (modelType: 'languageModel' | 'imageModel') =>
    (modelId: string): never => {
      throw new NoSuchModelError({ modelId, modelType, message: `AkiDB serves embedding models only` });
    };
  return Object.assign(
    (modelId: string, model?: AkidbEmbeddingModelSettings) => embeddingModel(modelId, model),
    {
      specificationVersion: 'v3' as const,
      embeddingModel,
      languageModel: noSuchModel('languageModel'),
      imageModel: noSuchModel('imageModel'),
    },
  );
}
