/** One malformed request and the answer it must get. */
export interface BadInputCase {
  readonly name: string;
  readonly path: string;
  /** JSON-encoded unless a string or bytes (sent as they are). */
  readonly body: unknown;
  readonly status: number;
  readonly code: string;
}

const AKIDB = '/api/v1/embed';
const OPENAI = '/v1/embeddings';
const TEI = '/embed';
const TOKENIZE = '/api/v1/tokenize';

const invalid = (path: string, name: string, body: unknown): BadInputCase => ({
  name,
  path,
  body,
  status: 400,
  code: 'INPUT_INVALID',
});

/** Bodies that are not a JSON object at all: every POST route answers 400 INPUT_INVALID. */
const NOT_AN_OBJECT: readonly [string, unknown][] = [
  ['malformed JSON', '{"texts": ['],
  ['an empty body', ''],
  ['a trailing comma', '{"texts": ["a"],}'],
  ['single quotes', "{'texts': ['a']}"],
  ['JSON null', 'null'],
  ['a JSON array', '[]'],
  ['a JSON string', '"texts"'],
  ['a JSON number', '42'],
  ['200k unclosed brackets', '['.repeat(200_000)],
  ['the prototype-pollution shape', '{"__proto__":{"texts":["x"],"polluted":1}}'],
];

/** Values of the wrong type for a string-list field. */
const NOT_STRINGS: readonly [string, unknown][] = [
  ['a string', 'just one'],
  ['a number', 5],
  ['null', null],
  ['an object', { a: 'b' }],
  ['numbers', [1, 2]],
  ['nulls', ['ok', null]],
  ['booleans', [true]],
  ['nested arrays', [['nested']]],
];

/** `{"<field>": [[[…"x"…]]]}` nested 5000 deep, as raw text (too deep for JSON.stringify here). */
const deeplyNested = (field: string): string => `{"${field}":${'['.repeat(5000)}"x"${']'.repeat(5000)}}`;

const TEN_K = Array.from({ length: 10_000 }, (_, i) => `text ${i}`);
const TEN_MB = 'a'.repeat(10 * 1024 * 1024);

function akidbCases(): BadInputCase[] {
  const ok = { texts: ['hello'] };
  return [
    ...NOT_AN_OBJECT.map(([name, body]) => invalid(AKIDB, name, body)),
    invalid(AKIDB, 'texts missing', {}),
    ...NOT_STRINGS.map(([name, texts]) => invalid(AKIDB, `texts as ${name}`, { texts })),
    invalid(AKIDB, 'texts nested 5000 deep', deeplyNested('texts')),
    invalid(AKIDB, 'token ids as texts', { texts: [[101, 102]] }),
    ...[5, null, '', [], {}].map((model) =>
      invalid(AKIDB, `model ${JSON.stringify(model)}`, { ...ok, model }),
    ),
    ...['yes', null, 1].map((v) => invalid(AKIDB, `normalize ${JSON.stringify(v)}`, { ...ok, normalize: v })),
    invalid(AKIDB, 'truncate "no"', { ...ok, truncate: 'no' }),
    ...['up', null, 'RIGHT'].map((v) =>
      invalid(AKIDB, `truncation_direction ${JSON.stringify(v)}`, { ...ok, truncation_direction: v }),
    ),
    invalid(AKIDB, 'prompt_name 5', { ...ok, prompt_name: 5 }),
    invalid(AKIDB, 'an unknown prompt_name', { ...ok, prompt_name: 'query' }),
    ...[0, -1, 1.5, '8', null, true].map((d) =>
      invalid(AKIDB, `dimensions ${JSON.stringify(d)}`, { ...ok, dimensions: d }),
    ),
    invalid(AKIDB, 'dimensions 1e400 (Infinity)', '{"texts":["hello"],"dimensions":1e400}'),
    {
      name: 'dimensions 385',
      path: AKIDB,
      body: { ...ok, dimensions: 385 },
      status: 400,
      code: 'DIMENSIONS_INVALID',
    },
    {
      name: 'dimensions 2^31',
      path: AKIDB,
      body: { ...ok, dimensions: 2 ** 31 },
      status: 400,
      code: 'DIMENSIONS_INVALID',
    },
    { name: 'no texts', path: AKIDB, body: { texts: [] }, status: 400, code: 'INPUT_EMPTY' },
    { name: 'an empty string', path: AKIDB, body: { texts: [''] }, status: 400, code: 'INPUT_EMPTY' },
    {
      name: 'whitespace only',
      path: AKIDB,
      body: { texts: ['ok', ' \t\n\r '] },
      status: 400,
      code: 'INPUT_EMPTY',
    },
    { name: '10k inputs', path: AKIDB, body: { texts: TEN_K }, status: 400, code: 'INPUT_TOO_MANY' },
    { name: 'a 10 MB string', path: AKIDB, body: { texts: [TEN_MB] }, status: 400, code: 'INPUT_TOO_LONG' },
    {
      name: '5 MB of 4096 strings',
      path: AKIDB,
      body: { texts: Array.from({ length: 4096 }, () => 'w'.repeat(1280)) },
      status: 400,
      code: 'INPUT_TOO_MANY',
    },
    {
      name: 'too many tokens with truncate false',
      path: AKIDB,
      body: { texts: ['word '.repeat(500)], truncate: false },
      status: 400,
      code: 'INPUT_TOO_LONG',
    },
  ];
}

function openAiCases(): BadInputCase[] {
  return [
    ...NOT_AN_OBJECT.map(([name, body]) => invalid(OPENAI, name, body)),
    invalid(OPENAI, 'input missing', { model: 'paraphrase-minilm-l3-v2' }),
    ...[null, 5, { a: 1 }, true].map((input) => invalid(OPENAI, `input ${JSON.stringify(input)}`, { input })),
    invalid(OPENAI, 'input nested three deep', { input: [[['x']]] }),
    invalid(OPENAI, 'input nested 5000 deep', deeplyNested('input')),
    invalid(OPENAI, 'strings and ids mixed', { input: ['a', 1] }),
    invalid(OPENAI, 'id lists and strings mixed', { input: [[101, 102], 'a'] }),
    invalid(OPENAI, 'fractional token ids', { input: [101, 1.5, 102] }),
    invalid(OPENAI, 'a negative token id', { input: [101, -1, 102] }),
    invalid(OPENAI, 'the out-of-vocabulary id 30522', { input: [101, 30522, 102] }),
    invalid(OPENAI, 'an id of 2^31', { input: [[101, 2 ** 31, 102]] }),
    invalid(OPENAI, 'an id of 1e300', { input: [[101, 1e300, 102]] }),
    invalid(OPENAI, 'encoding_format "hex"', { input: 'a', encoding_format: 'hex' }),
    invalid(OPENAI, 'user 5', { input: 'a', user: 5 }),
    invalid(OPENAI, 'dimensions 0', { input: 'a', dimensions: 0 }),
    {
      name: 'dimensions 385',
      path: OPENAI,
      body: { input: 'a', dimensions: 385 },
      status: 400,
      code: 'DIMENSIONS_INVALID',
    },
    { name: 'input []', path: OPENAI, body: { input: [] }, status: 400, code: 'INPUT_EMPTY' },
    { name: 'input ""', path: OPENAI, body: { input: '' }, status: 400, code: 'INPUT_EMPTY' },
    { name: 'input [[]]', path: OPENAI, body: { input: [[]] }, status: 400, code: 'INPUT_EMPTY' },
    { name: 'input "   "', path: OPENAI, body: { input: '   ' }, status: 400, code: 'INPUT_EMPTY' },
    { name: '10k strings', path: OPENAI, body: { input: TEN_K }, status: 400, code: 'INPUT_TOO_MANY' },
    {
      name: '10k token lists',
      path: OPENAI,
      body: { input: TEN_K.map(() => [101, 102]) },
      status: 400,
      code: 'INPUT_TOO_MANY',
    },
    { name: 'a 10 MB string', path: OPENAI, body: { input: TEN_MB }, status: 400, code: 'INPUT_TOO_LONG' },
  ];
}

function teiCases(): BadInputCase[] {
  return [
    ...NOT_AN_OBJECT.map(([name, body]) => invalid(TEI, name, body)),
    invalid(TEI, 'inputs missing', {}),
    ...NOT_STRINGS.filter(([name]) => name !== 'a string').map(([name, inputs]) =>
      invalid(TEI, `inputs as ${name}`, { inputs }),
    ),
    invalid(TEI, 'inputs nested 5000 deep', deeplyNested('inputs')),
    invalid(TEI, 'truncation_direction "Up"', { inputs: 'a', truncation_direction: 'Up' }),
    invalid(TEI, 'normalize "x"', { inputs: 'a', normalize: 'x' }),
    invalid(TEI, 'dimensions 0', { inputs: 'a', dimensions: 0 }),
    {
      name: 'dimensions 385',
      path: TEI,
      body: { inputs: 'a', dimensions: 385 },
      status: 400,
      code: 'DIMENSIONS_INVALID',
    },
    { name: 'inputs ""', path: TEI, body: { inputs: '' }, status: 400, code: 'INPUT_EMPTY' },
    { name: 'inputs []', path: TEI, body: { inputs: [] }, status: 400, code: 'INPUT_EMPTY' },
    { name: 'inputs "\\n\\t"', path: TEI, body: { inputs: '\n\t' }, status: 400, code: 'INPUT_EMPTY' },
    { name: '10k inputs', path: TEI, body: { inputs: TEN_K }, status: 400, code: 'INPUT_TOO_MANY' },
    { name: 'a 10 MB string', path: TEI, body: { inputs: TEN_MB }, status: 400, code: 'INPUT_TOO_LONG' },
  ];
}

function tokenizeCases(): BadInputCase[] {
  return [
    ...NOT_AN_OBJECT.slice(0, 4).map(([name, body]) => invalid(TOKENIZE, name, body)),
    ...NOT_STRINGS.slice(0, 5).map(([name, texts]) => invalid(TOKENIZE, `texts as ${name}`, { texts })),
    { name: 'no texts', path: TOKENIZE, body: { texts: [] }, status: 400, code: 'INPUT_EMPTY' },
    { name: '10k inputs', path: TOKENIZE, body: { texts: TEN_K }, status: 400, code: 'INPUT_TOO_MANY' },
  ];
}

/** Every bad-input case, on the AkiDB, OpenAI, TEI and tokenize routes. */
export const BAD_INPUT_CASES: readonly BadInputCase[] = [
  ...akidbCases(),
  ...openAiCases(),
  ...teiCases(),
  ...tokenizeCases(),
];
