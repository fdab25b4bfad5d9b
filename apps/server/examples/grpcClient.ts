import { credentials, loadPackageDefinition, Metadata } from '@grpc/grpc-js';
import { loadSync } from '@grpc/proto-loader';

// An AkiDB server started with --grpc-port 50051 (TEI clients work the same way).
// tei.proto is apps/server/src/grpc/tei.proto from the AkiDB repository.
const definition = loadSync(process.env.TEI_PROTO ?? 'tei.proto', {
  keepCase: true,
  enums: String,
  longs: Number,
});
// biome-ignore lint/suspicious/noExplicitAny: services loaded from a .proto at run time have no static types.
const tei = (loadPackageDefinition(definition) as any).tei.v1;
const address = process.env.AKIDB_GRPC ?? '127.0.0.1:50051';
const embed = new tei.Embed(address, credentials.createInsecure());

const metadata = new Metadata();
if (process.env.AKIDB_API_KEY) metadata.set('authorization', `Bearer ${process.env.AKIDB_API_KEY}`);

// One text per request; the deadline becomes the server's cancellation signal.
const deadline = Date.now() + 10_000;
embed.Embed(
  { inputs: 'hello world', truncate: true },
  metadata,
  { deadline },
  (error: Error | null, response: { embeddings: number[]; metadata: { compute_tokens: number } }) => {
    if (error) throw error;
    console.log(
      `Embed: ${response.embeddings.length} dimensions, ${response.metadata.compute_tokens} tokens`,
    );

    // A stream: answers come back in request order.
    const call = embed.EmbedStream(metadata, { deadline });
    const dimensions: number[] = [];
    call.on('data', (message: { embeddings: number[] }) => dimensions.push(message.embeddings.length));
    call.on('error', (streamError: Error) => {
      throw streamError;
    });
    call.on('end', () => {
      console.log(`EmbedStream: ${dimensions.length} answers`);
      embed.close();
    });
    for (const inputs of ['first', 'second', 'third']) call.write({ inputs, truncate: true });
    call.end();
  },
);
