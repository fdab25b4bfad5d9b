export type { ManifestIssue } from './errors.js';
export type { LoadRegistryOptions, ModelEntry, ModelRegistry } from './loadRegistry.js';
export { DEFAULT_MODEL_ID, loadRegistry } from './loadRegistry.js';
export type {
  FileRole,
  HubConvertSource,
  HubSource,
  ManifestFile,
  ManifestSource,
  ModelManifest,
  PypiSource,
  RandomSource,
  SourcePin,
} from './manifestTypes.js';
export { isValidModelId, MAX_MODEL_ID_LENGTH } from './modelId.js';
export type { ModelState, ModelStateReport } from './modelState.js';
export { isOfflineEnv } from './offlineEnv.js';
export { parseManifest } from './parseManifest.js';
export { serializeManifest } from './serializeManifest.js';
