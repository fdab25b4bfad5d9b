import { rm } from 'node:fs/promises';
import { cosineSimilarity, createEmbeddingService, type EmbeddingService } from '@akidb/embedding-provider';
import { type Client, credentials, Metadata, type ServiceError, status } from '@grpc/grpc-js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseConfig } from '../parseConfig.js';
import { type RunningServer, startServer } from '../startServer.js';
import { isolatedModelHome, postJson, REPO_MODELS_DIR } from '../testSupport.js';
import { ERROR_CODE_TRAILER } from './grpcStatus.js';
import { loadTeiProto } from './loadTeiProto.js';

const MODEL = 'all-minilm-l6-v2';
const API_KEY = 'grpc-test-key';
const TEXTS = ['The harbour was full of fishing boats.', 'Quantum computers use qubits.', 'A short one.'];

// biome-ignore lint/suspicious/noExplicitAny: grpc-js clients made from a .proto have no static types.
type Dynamic = any;

/** A unary call as a promise: the response, or the ServiceError. */
function unary<T>(client: Client, method: string, request: unknown, metadata: Metadata, deadline?: number) {
  return new Promise<T>((resolve, reject) => {
    (client as Dynamic)[method](
      request,
      metadata,
      deadline ? { deadline } : {},
      (error: ServiceError | null, res: T) => (error ? reject(error) : resolve(res)),
    );
  });
}

/** A bidi stream: writes every request, ends, and collects the responses (or the final error). */
function stream<T>(
  client: Client,
  method: string,
  requests: readonly unknown[],
  metadata: Metadata,
  deadline?: number,
) {
  return new Promise<{ responses: T[]; error?: ServiceError }>((resolve) => {
    const call = (client as Dynamic)[method](metadata, deadline ? { deadline } : {});
    const responses: T[] = [];
    call.on('data', (response: T) => responses.push(response));
    call.on('error', (error: ServiceError) => resolve({ responses, error }));
    call.on('end', () => resolve({ responses }));
    for (const request of requests) call.write(request);
    call.end();
  });
}

const codeOf = (error: unknown): string | undefined =>
  (error as ServiceError).metadata?.get(ERROR_CODE_TRAILER)[0]?.toString();

describe('gRPC tei.v1', () => {
  let home = '';
  let service: EmbeddingService;
  let server: RunningServer;
  let embed: Client;
  let tokenize: Client;
  let info: Client;
  const auth = new Metadata();
  auth.set('authorization', `Bearer ${API_KEY}`);

  beforeAll(async () => {
    home = await isolatedModelHome(MODEL, 'akidb-grpc-');
    service = await createEmbeddingService({ home, manifestsDirs: [REPO_MODELS_DIR], defaultModel: MODEL });
    server = await startServer({ port: 0, grpcPort: 0, logLevel: 'silent', apiKey: API_KEY }, { service });
    await server.preloaded;
    const { Embed, Tokenize, Info } = loadTeiProto();
    const address = `127.0.0.1:${server.grpcPort}`;
    embed = new Embed(address, credentials.createInsecure());
    tokenize = new Tokenize(address, credentials.createInsecure());
    info = new Info(address, credentials.createInsecure());
  });
  afterAll(async () => {
    for (const client of [embed, tokenize, info]) client?.close();
    await server?.close();
    await service?.close();
    if (home) await rm(home, { recursive: true, force: true });
  });

  it('Embed gives the service vector, with TEI metadata', async () => {
    const response = await unary<Dynamic>(embed, 'Embed', { inputs: TEXTS[0], truncate: true }, auth);
    const direct = await service.embed({ texts: [TEXTS[0] ?? ''] });
    expect(response.embeddings).toHaveLength(384);
    expect(cosineSimilarity(response.embeddings, direct.embeddings[0] ?? [])).toBeGreaterThanOrEqual(0.99999);
    expect(response.metadata).toMatchObject({
      compute_chars: TEXTS[0]?.length,
      compute_tokens: direct.usage.promptTokens,
    });
    expect(response.metadata.total_time_ns).toBeGreaterThan(0);
    const small = await unary<Dynamic>(embed, 'Embed', { inputs: TEXTS[0], dimensions: 64 }, auth);
    expect(small.embeddings).toHaveLength(64);
  });

  it('EmbedStream answers every message, in order', async () => {
    const requests = Array.from({ length: 24 }, (_, i) => ({
      inputs: `${TEXTS[i % 3]} (${i})`,
      truncate: true,
    }));
    const { responses, error } = await stream<Dynamic>(embed, 'EmbedStream', requests, auth);
    expect(error).toBeUndefined();
    const direct = await service.embed({ texts: requests.map((r) => r.inputs) });
    expect(responses).toHaveLength(requests.length);
    for (const [i, response] of responses.entries()) {
      expect(cosineSimilarity(response.embeddings, direct.embeddings[i] ?? [])).toBeGreaterThanOrEqual(
        0.99999,
      );
    }
  });

  it('Tokenize marks special tokens and leaves them out unless asked; Decode inverts it', async () => {
    const { results } = await service.tokenize({ texts: ['hello world'] });
    const ids = results[0]?.ids ?? [];
    const withSpecial = await unary<Dynamic>(
      tokenize,
      'Tokenize',
      { inputs: 'hello world', add_special_tokens: true },
      auth,
    );
    expect(withSpecial.tokens.map((t: Dynamic) => [t.id, t.text, t.special])).toEqual([
      [ids[0], '[CLS]', true],
      [ids[1], 'hello', false],
      [ids[2], 'world', false],
      [ids[3], '[SEP]', true],
    ]);
    const content = await unary<Dynamic>(tokenize, 'Tokenize', { inputs: 'hello world' }, auth);
    expect(content.tokens.map((t: Dynamic) => t.text)).toEqual(['hello', 'world']);
    const decoded = await unary<Dynamic>(tokenize, 'Decode', { ids, skip_special_tokens: true }, auth);
    expect(decoded.text).toBe('hello world');
    const raw = await unary<Dynamic>(tokenize, 'Decode', { ids }, auth);
    expect(raw.text).toBe('[CLS] hello world [SEP]');
    const streamed = await stream<Dynamic>(
      tokenize,
      'TokenizeStream',
      [{ inputs: 'a' }, { inputs: 'b c' }],
      auth,
    );
    expect(streamed.responses.map((r) => r.tokens.length)).toEqual([1, 2]);
    const decodes = await stream<Dynamic>(
      tokenize,
      'DecodeStream',
      [{ ids, skip_special_tokens: true }],
      auth,
    );
    expect(decodes.responses).toEqual([{ text: 'hello world' }]);
  });

  it('Info describes the default model and the limits', async () => {
    const response = await unary<Dynamic>(info, 'Info', {}, auth);
    expect(response).toMatchObject({
      model_id: MODEL,
      model_type: 'MODEL_TYPE_EMBEDDING',
      max_input_length: 256,
      max_batch_requests: 32,
      max_client_batch_size: 2048,
      model_dtype: 'float32',
    });
    expect(response.version).toMatch(/^\d+\.\d+\.\d+/);
  });

  it('maps errors to gRPC statuses, with the AkiDB code in the trailer, as HTTP does', async () => {
    const cases: [Record<string, unknown>, number, string][] = [
      [{ inputs: '' }, status.INVALID_ARGUMENT, 'INPUT_EMPTY'],
      [{ inputs: 'x', prompt_name: 'nope' }, status.INVALID_ARGUMENT, 'INPUT_INVALID'],
      [{ inputs: 'word '.repeat(400), truncate: false }, status.INVALID_ARGUMENT, 'INPUT_TOO_LONG'],
      [{ inputs: 'x', dimensions: 999 }, status.INVALID_ARGUMENT, 'DIMENSIONS_INVALID'],
    ];
    for (const [request, grpcStatus, code] of cases) {
      const error = await unary(embed, 'Embed', request, auth).catch((e: unknown) => e);
      expect({ request, status: (error as ServiceError).code, code: codeOf(error) }).toEqual({
        request,
        status: grpcStatus,
        code,
      });
      // TEI's HTTP route answers the same request with the same code.
      const http = await postJson(
        `${server.url}/embed`,
        { truncate: true, ...request },
        {
          headers: { authorization: `Bearer ${API_KEY}` },
        },
      );
      expect(http.body.code).toBe(code);
    }
  });

  it('needs the API key in authorization metadata', async () => {
    const wrong = new Metadata();
    wrong.set('authorization', 'Bearer wrong');
    for (const metadata of [new Metadata(), wrong]) {
      const error = await unary(embed, 'Embed', { inputs: 'x' }, metadata).catch((e: unknown) => e);
      expect((error as ServiceError).code).toBe(status.UNAUTHENTICATED);
      expect(codeOf(error)).toBe('UNAUTHORIZED');
      const streamed = await stream(embed, 'EmbedStream', [{ inputs: 'x' }], metadata);
      expect(streamed.error?.code).toBe(status.UNAUTHENTICATED);
      expect(streamed.responses).toEqual([]);
    }
    const infoError = await unary(info, 'Info', {}, new Metadata()).catch((e: unknown) => e);
    expect((infoError as ServiceError).code).toBe(status.UNAUTHENTICATED);
  });

  it('a bad message ends the stream with its status after the answers before it', async () => {
    const { responses, error } = await stream<Dynamic>(
      embed,
      'EmbedStream',
      [{ inputs: 'fine' }, { inputs: '' }, { inputs: 'never answered' }],
      auth,
    );
    expect(responses).toHaveLength(1);
    expect(error?.code).toBe(status.INVALID_ARGUMENT);
    expect(codeOf(error)).toBe('INPUT_EMPTY');
  });

  it('a deadline that passes mid-stream ends it with DEADLINE_EXCEEDED', async () => {
    const long = 'A long sentence about many things, repeated to fill the model. '.repeat(30);
    const requests = Array.from({ length: 400 }, (_, i) => ({ inputs: `${i} ${long}`, truncate: true }));
    const { responses, error } = await stream<Dynamic>(
      embed,
      'EmbedStream',
      requests,
      auth,
      Date.now() + 150,
    );
    expect(error?.code).toBe(status.DEADLINE_EXCEEDED);
    expect(responses.length).toBeLessThan(requests.length);
  });

  it('--grpc-port and AKIDB_GRPC_PORT turn it on', () => {
    expect(parseConfig(['--grpc-port', '50051'], {})).toEqual({ help: false, config: { grpcPort: 50051 } });
    expect(parseConfig([], { AKIDB_GRPC_PORT: '0' })).toEqual({ help: false, config: { grpcPort: 0 } });
  });
});

describe('gRPC shutdown', () => {
  it('lets a running call finish, then refuses new ones', async () => {
    const home = await isolatedModelHome(MODEL, 'akidb-grpc-stop-');
    const running = await startServer({
      port: 0,
      grpcPort: 0,
      logLevel: 'silent',
      home,
      manifestsDirs: [REPO_MODELS_DIR],
      defaultModel: MODEL,
    });
    const { Embed } = loadTeiProto();
    const client = new Embed(`127.0.0.1:${running.grpcPort}`, credentials.createInsecure());
    try {
      await running.preloaded;
      // An open stream, known to be on the server (its first answer came back), keeps working through
      // shutdown; then the server goes away.
      const call = (client as Dynamic).EmbedStream(new Metadata());
      const answers: number[] = [];
      const firstAnswer = new Promise((resolve) => call.once('data', resolve));
      const finished = new Promise((resolve, reject) => {
        call.on('end', resolve);
        call.on('error', reject);
      });
      call.on('data', (response: { embeddings: number[] }) => answers.push(response.embeddings.length));
      call.write({ inputs: 'before shutdown' });
      await firstAnswer;
      const closed = running.close();
      call.write({ inputs: 'during shutdown' });
      call.end();
      await finished;
      expect(answers).toEqual([384, 384]);
      await closed;
      const after = await unary(client, 'Embed', { inputs: 'x' }, new Metadata(), Date.now() + 2000).catch(
        (e: unknown) => e,
      );
      expect([status.UNAVAILABLE, status.DEADLINE_EXCEEDED]).toContain((after as ServiceError).code);
    } finally {
      client.close();
      await running.close();
      await rm(home, { recursive: true, force: true });
    }
  });
});
