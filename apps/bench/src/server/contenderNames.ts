import type { ServerContenderId } from '../report/serverReportTypes.js';

/** Display names of the contenders, as in tables and chart legends. */
export const CONTENDER_NAMES: Readonly<Record<ServerContenderId, string>> = {
  oursBatching: 'AkiDB, batching on',
  oursNoBatching: 'AkiDB, batching off',
  infinityTorch: 'Infinity torch',
  infinityOnnx: 'Infinity ONNX',
  url: 'server at --url',
};
