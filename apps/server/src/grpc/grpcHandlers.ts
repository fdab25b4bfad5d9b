import { setMaxListeners } from 'node:events';
import type { handleBidiStreamingCall, handleUnaryCall } from '@grpc/grpc-js';
import { createRequestDeadline, raceAbort } from '../requestDeadline.js';
import type { ServerContext } from '../serverContext.js';
import { checkGrpcAuth } from './checkGrpcAuth.js';
import { grpcCallSignal } from './grpcCallSignal.js';
import { toServiceError } from './toServiceError.js';

/** One message's work: parse, one service call, serialize. */
export type MessageHandler<Req, Res> = (request: Req, signal: AbortSignal) => Promise<Res>;

/**
 * A unary method: API key check, then the handler under the call's signal (the client's gRPC deadline and
 * cancellation, and the server's `requestTimeoutMs`), errors mapped by {@link toServiceError}.
 */
export function unaryHandler<Req, Res>(
  ctx: ServerContext,
  method: string,
  handle: MessageHandler<Req, Res>,
): handleUnaryCall<Req, Res> {
  return (call, callback) => {
    const callSignal = grpcCallSignal(call);
    const deadline = createRequestDeadline(callSignal.signal, ctx.config.requestTimeoutMs);
    const run = async (): Promise<Res> => {
      checkGrpcAuth(call.metadata, ctx.config.apiKey);
      return raceAbort(handle(call.request, deadline.signal), deadline.signal);
    };
    run()
      .then(
        (response) => callback(null, response),
        (error: unknown) => callback(toServiceError(error, ctx.logger, method)),
      )
      .finally(() => {
        deadline.dispose();
        callSignal.dispose();
      });
  };
}

/**
 * A bidirectional stream: each request is handled as it arrives (so concurrent messages share inference
 * batches), each under the server's `requestTimeoutMs` and the call's gRPC deadline, and the responses are
 * written in request order. At most `maxInFlight` messages are worked on at once (reading pauses beyond
 * that). The first error ends the stream with its status.
 */
export function bidiHandler<Req, Res>(
  ctx: ServerContext,
  method: string,
  handle: MessageHandler<Req, Res>,
  maxInFlight: number,
): handleBidiStreamingCall<Req, Res> {
  return (call) => {
    const callSignal = grpcCallSignal(call);
    // Every message in flight listens to the call's signal (its own deadline, and the race of its result).
    setMaxListeners(maxInFlight * 2 + 10, callSignal.signal);
    let failed = false;
    let inFlight = 0;
    let written: Promise<void> = Promise.resolve();
    const fail = (error: unknown): void => {
      if (failed) return;
      failed = true;
      callSignal.dispose();
      call.emit('error', toServiceError(error, ctx.logger, method));
    };
    try {
      checkGrpcAuth(call.metadata, ctx.config.apiKey);
    } catch (error) {
      fail(error);
      return;
    }
    call.on('data', (request: Req) => {
      if (failed) return;
      const deadline = createRequestDeadline(callSignal.signal, ctx.config.requestTimeoutMs);
      const work = raceAbort(handle(request, deadline.signal), deadline.signal).finally(() =>
        deadline.dispose(),
      );
      work.catch(() => undefined); // handled in order below
      inFlight += 1;
      if (inFlight >= maxInFlight) call.pause();
      written = written.then(async () => {
        try {
          const response = await work;
          if (!failed) call.write(response);
        } catch (error) {
          fail(error);
        } finally {
          inFlight -= 1;
          if (!failed && call.isPaused() && inFlight < maxInFlight) call.resume();
        }
      });
    });
    call.on('end', () => {
      void written.then(() => {
        if (failed) return;
        callSignal.dispose();
        call.end();
      });
    });
  };
}
