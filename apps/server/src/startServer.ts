import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createAdaptorServer } from '@hono/node-server';
import { type AkidbServer, createServer, type ServerDependencies } from './createServer.js';
import { type RunningGrpcServer, startGrpcServer } from './grpc/startGrpcServer.js';
import { redactConfig, type ServerConfigInput } from './serverConfig.js';

/** A listening server. */
export interface RunningServer {
  /** Base URL, e.g. `http://127.0.0.1:8080`. */
  readonly url: string;
  readonly port: number;
  /** Port of the gRPC server (TEI's tei.v1 API), when `grpcPort` is set. */
  readonly grpcPort: number | undefined;
  readonly server: AkidbServer;
  /** Settles when the default model (and the preload list) has loaded: true, or false when loading failed. */
  readonly preloaded: Promise<boolean>;
  /**
   * Graceful shutdown: stops accepting connections (HTTP and gRPC), lets in-flight and queued requests
   * finish (up to `shutdownTimeoutMs`, then cuts what is left), then releases the models. Idempotent.
   */
  close(): Promise<void>;
}

/**
 * Builds the server ({@link createServer}), listens on `host:port` (port 0 = any free port) and, when
 * `grpcPort` is set, serves TEI's gRPC API on `host:grpcPort`; loads the default model and the preload list
 * in the background (`/ready` says when).
 *
 * @example
 * const running = await startServer({ port: 0, logLevel: 'silent' });
 * await fetch(`${running.url}/health`);
 * await running.close();
 */
export async function startServer(
  input: ServerConfigInput = {},
  deps: ServerDependencies = {},
): Promise<RunningServer> {
  const server = await createServer(input, deps);
  const { config, logger, service } = server.context;
  logger.info({ config: redactConfig(config) }, 'configuration');
  const http = createAdaptorServer({ fetch: server.app.fetch }) as Server;
  try {
    await new Promise<void>((resolve, reject) => {
      http.once('error', reject);
      http.listen(config.port, config.host, () => {
        http.off('error', reject);
        resolve();
      });
    });
  } catch (error) {
    await server.close();
    throw error;
  }
  let grpc: RunningGrpcServer | undefined;
  if (config.grpcPort !== undefined) {
    try {
      grpc = await startGrpcServer(server.context, config.host, config.grpcPort);
    } catch (error) {
      await new Promise<void>((resolve) => http.close(() => resolve()));
      await server.close();
      throw error;
    }
  }
  const { port } = http.address() as AddressInfo;
  const host = config.host.includes(':') ? `[${config.host}]` : config.host;
  const url = `http://${host}:${port}`;
  logger.info({ url, grpcPort: grpc?.port, batching: config.batching }, 'listening');

  const models = [service.defaultModel, ...config.preload.filter((id) => id !== service.defaultModel)];
  const preloaded = service.preload(models).then(
    () => {
      logger.info({ models }, 'models loaded');
      return true;
    },
    (error: unknown) => {
      logger.error({ err: error, models }, 'preloading failed');
      return false;
    },
  );

  let closing: Promise<void> | undefined;
  const close = (): Promise<void> => {
    closing ??= (async () => {
      logger.info('shutting down: finishing in-flight requests');
      await Promise.all([drain(http, config.shutdownTimeoutMs), grpc?.close(config.shutdownTimeoutMs)]);
      await preloaded;
      await server.close();
      logger.info('shut down');
    })();
    return closing;
  };
  return { url, port, grpcPort: grpc?.port, server, preloaded, close };
}

/**
 * Stops accepting, tells clients not to reuse their connections (`Connection: close` on every
 * response from now on), closes connections as they go idle, and cuts the rest after `timeoutMs`.
 */
function drain(http: Server, timeoutMs: number): Promise<void> {
  return new Promise<void>((resolve) => {
    http.on('request', (_request, response) => response.setHeader('connection', 'close'));
    const sweep = setInterval(() => http.closeIdleConnections(), 25);
    const force = setTimeout(() => http.closeAllConnections(), timeoutMs);
    http.close(() => {
      clearInterval(sweep);
      clearTimeout(force);
      resolve();
    });
    http.closeIdleConnections();
  });
}
