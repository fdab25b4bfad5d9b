import { createRequire } from 'node:module';

/** The server's version (its package.json), as `/info` and the gRPC `Info` report it. */
export const SERVER_VERSION: string = (
  createRequire(import.meta.url)('../package.json') as { version: string }
).version;
