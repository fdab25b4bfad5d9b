export type { EnsureOptions, ModelStore, ModelStoreOptions } from './createModelStore.js';
export { createModelStore } from './createModelStore.js';
export type { LockedFile, SourceCheck, SourceLock } from './downloadSources.js';
export { SOURCE_LOCK_FILE } from './downloadSources.js';
export { hubFileUrl } from './hubFileUrl.js';
export type { ConvertJob, ModelConverter } from './installConverted.js';
export type { FileStatus, ModelStatus } from './modelStatus.js';
export type { DownloadProgress, ProgressStream } from './progressPrinter.js';
export { createProgressPrinter } from './progressPrinter.js';
