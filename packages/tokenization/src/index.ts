export type { CreateTokenizerOptions } from './createTokenizer.js';
export { createTokenizer } from './createTokenizer.js';
export type { TokenizerFiles } from './loadTokenizer.js';
export { loadTokenizer } from './loadTokenizer.js';
export type { PadBatchOptions, PaddedBatch } from './padBatch.js';
export { padBatch } from './padBatch.js';
export type { PlanWindowsOptions, TokenWindow, WindowSource } from './planWindows.js';
export { planWindows } from './planWindows.js';
export type {
  DecodeOptions,
  EncodeBatchOptions,
  EncodeOptions,
  EncodeWindowsOptions,
  TextTokenizer,
} from './textTokenizer.js';
