import { Server, ServerCredentials } from '@grpc/grpc-js';
import type { ServerContext } from '../serverContext.js';
import { teiInfo } from '../teiInfo.js';
import { embedMessage } from './embedMessage.js';
import { bidiHandler, unaryHandler } from './grpcHandlers.js';
import { loadTeiProto } from './loadTeiProto.js';
import type { TeiDecodeRequest, TeiEmbedRequest, TeiEncodeRequest, TeiInfoResponse } from './teiMessages.js';
import { decodeMessage, tokenizeMessage } from './tokenizeMessages.js';

/** Messages of one stream worked on at once (each is one text): a few CPU batches; reading pauses beyond. */
export const MAX_STREAM_IN_FLIGHT = 128;

/** A listening gRPC server. */
export interface RunningGrpcServer {
  readonly port: number;
  /** Stops accepting, lets running calls finish up to `timeoutMs`, then cancels what is left. Idempotent. */
  close(timeoutMs: number): Promise<void>;
}

/**
 * Serves TEI's `tei.v1` `Info`, `Embed` (`Embed`, `EmbedStream`) and `Tokenize` (`Tokenize`, `TokenizeStream`,
 * `Decode`, `DecodeStream`) on `host:port` (0 = any free port), over the same `EmbeddingService` as the HTTP
 * routes, with the same API key, limits and error codes.
 *
 * @example
 * const grpc = await startGrpcServer(server.context, '127.0.0.1', 50051);
 * await grpc.close(30_000);
 */
export async function startGrpcServer(
  ctx: ServerContext,
  host: string,
  port: number,
): Promise<RunningGrpcServer> {
  const { Info, Embed, Tokenize } = loadTeiProto();
  const embed = (request: TeiEmbedRequest, signal: AbortSignal) => embedMessage(ctx, request, signal);
  const tokenize = (request: TeiEncodeRequest, signal: AbortSignal) => tokenizeMessage(ctx, request, signal);
  const decode = (request: TeiDecodeRequest) => decodeMessage(ctx, request);
  const server = new Server({ 'grpc.max_receive_message_length': ctx.config.maxBodyBytes });
  server.addService(Info.service, {
    Info: unaryHandler(ctx, 'Info', async (_request: unknown, signal): Promise<TeiInfoResponse> => {
      const info = await teiInfo(ctx, signal);
      return {
        version: info.version,
        model_id: info.model_id,
        model_dtype: info.model_dtype,
        model_type: 'MODEL_TYPE_EMBEDDING',
        max_concurrent_requests: info.max_concurrent_requests,
        max_input_length: info.max_input_length,
        max_batch_tokens: info.max_batch_tokens,
        max_batch_requests: info.max_batch_requests,
        max_client_batch_size: info.max_client_batch_size,
        tokenization_workers: info.tokenization_workers,
      };
    }),
  });
  server.addService(Embed.service, {
    Embed: unaryHandler(ctx, 'Embed', embed),
    EmbedStream: bidiHandler(ctx, 'EmbedStream', embed, MAX_STREAM_IN_FLIGHT),
  });
  server.addService(Tokenize.service, {
    Tokenize: unaryHandler(ctx, 'Tokenize', tokenize),
    TokenizeStream: bidiHandler(ctx, 'TokenizeStream', tokenize, MAX_STREAM_IN_FLIGHT),
    Decode: unaryHandler(ctx, 'Decode', decode),
    DecodeStream: bidiHandler(ctx, 'DecodeStream', decode, MAX_STREAM_IN_FLIGHT),
  });
  const address = host.includes(':') ? `[${host}]:${port}` : `${host}:${port}`;
  const boundPort = await new Promise<number>((resolve, reject) => {
    server.bindAsync(address, ServerCredentials.createInsecure(), (error, bound) =>
      error ? reject(error) : resolve(bound),
    );
  });
  let closing: Promise<void> | undefined;
  return {
    port: boundPort,
    close: (timeoutMs) => {
      closing ??= new Promise<void>((resolve) => {
        const force = setTimeout(() => server.forceShutdown(), timeoutMs);
        server.tryShutdown(() => {
          clearTimeout(force);
          resolve();
        });
      });
      return closing;
    },
  };
}
