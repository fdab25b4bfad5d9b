export type { EnsureOptions, ModelStore, ModelStoreOptions } from './createModelStore.js';
export { createModelStore } from './createModelStore.js';
export { hubFileUrl } from './hubFileUrl.js';
export type { FileStatus, ModelStatus } from './modelStatus.js';
export type { DownloadProgress, ProgressStream } from './progressPrinter.js';
export { createProgressPrinter } from './progressPrinter.js';
