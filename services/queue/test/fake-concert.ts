import * as grpc from '@grpc/grpc-js';
import { startGrpcServer } from '@concert/grpc-kit';
import { loadConcertProto } from '@concert/protos';

/**
 * A stand-in for the concert service that only answers GetConcert, with `soldOut` as the test sets
 * it (the real service decides from its seat records). It counts the calls and can play unreachable.
 */
export async function bootFakeConcert() {
  const soldOut = new Set<string>();
  const state = { calls: 0, failing: false };
  const getConcert = (call: grpc.ServerUnaryCall<{ concertCode: string }, unknown>, callback: grpc.sendUnaryData<unknown>) => {
    state.calls++;
    const { concertCode } = call.request;
    if (state.failing) callback({ code: grpc.status.UNAVAILABLE, details: 'concert service is down' });
    else callback(null, { concertCode, title: concertCode, dates: [], soldOut: soldOut.has(concertCode) });
  };
  const server = await startGrpcServer(
    '127.0.0.1:0',
    [{ definition: loadConcertProto().concert.v1.ConcertService.service, implementation: { GetConcert: getConcert }, name: 'concert.v1.ConcertService' }],
    100,
  );
  return { address: `127.0.0.1:${server.port}`, soldOut, state, stop: () => server.stop() };
}
