export { cosineSimilarity } from './cosineSimilarity.js';
export { l2Normalize } from './l2Normalize.js';
export { maxPool } from './maxPool.js';
export { meanPool } from './meanPool.js';
export { pool } from './pool.js';
export type { TokenEmbeddings } from './poolShape.js';
export { clsPool, lastTokenPool } from './tokenPool.js';
export { toRows, truncateDimensions } from './truncateDimensions.js';
