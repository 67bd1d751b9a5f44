import { callUnary, createClient } from '@concert/grpc-kit';
import { loadConcertProto, loadQueueProto, loadWalletProto } from '@concert/protos';
import type { ConcertPort, QueuePort, WalletPort } from '../application/payment.ports';

/** gRPC clients of the services the payment asks synchronously; every call has a deadline. */
export function createServiceClients(addresses: { concert: string; wallet: string; queue: string }, timeoutMs: number) {
  const concert = createClient(loadConcertProto().concert.v1.ConcertService, addresses.concert);
  const wallet = createClient(loadWalletProto().wallet.v1.WalletService, addresses.wallet);
  const queue = createClient(loadQueueProto().queue.v1.QueueService, addresses.queue);
  const options = { timeoutMs };

  const concertPort: ConcertPort = {
    async getActiveHold(concertCode, userId) {
      const r = await callUnary(concert, concert.getActiveHold, { concertCode, userId }, options);
      return { reservationId: r.reservationId, status: r.status, concertDate: r.concertDate, seatNumber: r.seatNumber, price: r.price, expiresAt: r.expiresAt, userId: r.userId };
    },
  };
  const walletPort: WalletPort = {
    async getBalance(userId) {
      // The pre-check is advisory (the debit decides): a balance the wallet saw moments ago will do.
      return (await callUnary(wallet, wallet.getBalance, { userId, advisory: true }, options)).balance;
    },
  };
  const queuePort: QueuePort = {
    async expireToken(concertCode, tokenId, reason, callTimeoutMs = timeoutMs) {
      await callUnary(queue, queue.expireToken, { concertCode, tokenId, reason }, { timeoutMs: callTimeoutMs });
    },
  };
  return {
    concert: concertPort,
    wallet: walletPort,
    queue: queuePort,
    close: () => [concert, wallet, queue].forEach((c) => c.close()),
  };
}
