import { callUnary, createClient } from '@concert/grpc-kit';
import { loadConcertProto } from '@concert/protos';
import type { ConcertCatalog } from '../application/concert-catalog.port';

export interface ConcertCatalogClient extends ConcertCatalog {
  close(): void;
}

/** The concert service's GetConcert over one channel, with a deadline on every call. */
export function createConcertCatalogClient(address: string, timeoutMs: number): ConcertCatalogClient {
  const client = createClient(loadConcertProto().concert.v1.ConcertService, address);
  return {
    async isSoldOut(concertCode) {
      return (await callUnary(client, client.getConcert, { concertCode }, { timeoutMs })).soldOut;
    },
    close: () => client.close(),
  };
}
