import { rm } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningServer, startServer } from '../startServer.js';
import { isolatedModelHome, postJson, REPO_MODELS_DIR } from '../testSupport.js';

const MODEL = 'all-minilm-l6-v2';
const API_KEY = 'tei-info-key';
const auth = { authorization: `Bearer ${API_KEY}` };

describe("TEI's GET /info and POST /decode over HTTP", () => {
  let home = '';
  let server: RunningServer;

  beforeAll(async () => {
    home = await isolatedModelHome(MODEL, 'akidb-tei-');
    server = await startServer({
      port: 0,
      logLevel: 'silent',
      home,
      manifestsDirs: [REPO_MODELS_DIR],
      defaultModel: MODEL,
      apiKey: API_KEY,
      maxInputs: 100,
    });
    expect(await server.preloaded).toBe(true);
  });
  afterAll(async () => {
    await server?.close();
    if (home) await rm(home, { recursive: true, force: true });
  });

  it('GET /info answers in TEI shape for the default model', async () => {
    const res = await fetch(`${server.url}/info`, { headers: auth });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({
      model_id: MODEL,
      model_sha: null,
      model_dtype: 'float32',
      served_model_name: MODEL,
      model_type: { embedding: { pooling: 'mean' } },
      max_concurrent_requests: 8192,
      max_input_length: 256,
      max_batch_tokens: 16384,
      max_batch_requests: 32,
      max_client_batch_size: 100,
      auto_truncate: false,
      tokenization_workers: 1,
      version: expect.stringMatching(/^\d+\.\d+\.\d+/),
      sha: null,
      docker_label: null,
    });
  });

  it('POST /decode turns one list or a batch of ids back into text', async () => {
    const tokenized = await postJson(
      `${server.url}/api/v1/tokenize`,
      { texts: ['hello world', 'good night'] },
      {
        headers: auth,
      },
    );
    const [first, second] = tokenized.body.results.map((row: { ids: number[] }) => row.ids);
    const single = await postJson(`${server.url}/decode`, { ids: first }, { headers: auth });
    expect(single).toMatchObject({ status: 200, body: ['hello world'] });
    const batch = await postJson(
      `${server.url}/decode`,
      { ids: [first, second], skip_special_tokens: false },
      { headers: auth },
    );
    expect(batch.body).toEqual(['[CLS] hello world [SEP]', '[CLS] good night [SEP]']);
    // `[]` is one empty list (as in TEI, where a single list is tried first): one empty text.
    expect((await postJson(`${server.url}/decode`, { ids: [] }, { headers: auth })).body).toEqual(['']);
  });

  it('answers bad requests and missing keys in TEI error shape', async () => {
    for (const body of [{ ids: [-1] }, { ids: [1.5] }, { ids: [[1], 2] }, { ids: 'abc' }, {}]) {
      const res = await postJson(`${server.url}/decode`, body, { headers: auth });
      expect({ body, status: res.status, error: res.body }).toEqual({
        body,
        status: 400,
        error: { error: expect.any(String), error_type: 'Validation', code: 'INPUT_INVALID' },
      });
    }
    const info = await fetch(`${server.url}/info`);
    expect(info.status).toBe(401);
    expect(await info.json()).toMatchObject({ error_type: 'Validation', code: 'UNAUTHORIZED' });
  });

  it('is in the OpenAPI document', async () => {
    const doc = (await (await fetch(`${server.url}/openapi.json`, { headers: auth })).json()) as {
      paths: Record<string, Record<string, { operationId: string }>>;
      components: { schemas: Record<string, unknown> };
    };
    expect(doc.paths['/info']?.get?.operationId).toBe('teiInfo');
    expect(doc.paths['/decode']?.post?.operationId).toBe('teiDecode');
    expect(Object.keys(doc.components.schemas)).toEqual(
      expect.arrayContaining(['TeiInfo', 'TeiDecodeRequest', 'TeiDecodeResponse']),
    );
  });
});
