import { fileURLToPath } from 'node:url';
import { type GrpcObject, loadPackageDefinition, type ServiceClientConstructor } from '@grpc/grpc-js';
import { loadSync } from '@grpc/proto-loader';

/** Our tei.v1 .proto (TEI's wire contract, the parts AkiDB serves). */
export const TEI_PROTO_PATH: string = fileURLToPath(new URL('./tei.proto', import.meta.url));

/** The three tei.v1 services, as grpc-js service constructors (their `.service` is the definition). */
export interface TeiServices {
  Info: ServiceClientConstructor;
  Embed: ServiceClientConstructor;
  Tokenize: ServiceClientConstructor;
}

/**
 * Loads tei.proto with the options the handlers are written for: field names as in the file, enums as
 * strings, 64-bit integers as numbers, no defaults filled in (so `optional` fields keep their presence).
 * Clients may load it the same way.
 *
 * @example
 * const { Embed } = loadTeiProto();
 * const client = new Embed('127.0.0.1:50051', credentials.createInsecure());
 */
export function loadTeiProto(): TeiServices {
  const definition = loadSync(TEI_PROTO_PATH, {
    keepCase: true,
    enums: String,
    longs: Number,
    defaults: false,
  });
  const tei = (loadPackageDefinition(definition).tei as GrpcObject).v1 as GrpcObject;
  return {
    Info: tei.Info as ServiceClientConstructor,
    Embed: tei.Embed as ServiceClientConstructor,
    Tokenize: tei.Tokenize as ServiceClientConstructor,
  };
}
