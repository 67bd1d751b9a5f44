import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { eventually } from '@concert/testing';
import { buyersWithHolds, expectRecovered, openSagas, payAgainIfRefused, sagaHeads, sleep, startStaggered } from './fault-scenario';
import { bootSystem, type System } from './system';

const run = promisify(execFile);
/** The local RabbitMQ node (the tests run as root on the machine that hosts it). */
const rabbitmqctl = (...args: string[]) => run('rabbitmqctl', args, { timeout: 60_000 });
const brokerUp = async () => {
  await rabbitmqctl('start_app'); // a no-op when it is running
  await rabbitmqctl('await_startup');
};

// Every service keeps running; the broker under them stops (all connections dropped) and comes back.
describe('RabbitMQ restarted in the middle of sagas', () => {
  let system: System;

  beforeAll(async () => {
    system = await bootSystem();
  }, 60_000);

  afterAll(async () => {
    // Whatever happened, the broker runs again for the next test and the next engineer.
    await brokerUp();
    await system?.reopenTestChannel().catch(() => undefined);
    await system?.stop();
  }, 90_000);

  it('the services reconnect by themselves; every saga reaches a final state, money conserved, no seat sold twice', async () => {
    const buyers = await buyersWithHolds(system, 40);
    // Spread over 4 s, so payments keep starting while the broker stops (sagas that end in under a
    // second would otherwise all be over before stop_app returns).
    const started = startStaggered(system, buyers, 100);
    const confirmed = () => system.paymentDb.collection('saga_events').countDocuments({ name: 'SEAT_CONFIRMED' });
    await eventually(async () => (await confirmed()) >= 5, { what: 'seats being confirmed', timeoutMs: 30_000 });

    const stoppedAt = Date.now();
    await rabbitmqctl('stop_app');
    // Proof that the restart hit sagas mid-way: some were stored but not finished when the broker went.
    const openAtStop = openSagas(await sagaHeads(system)).length;
    expect(openAtStop).toBeGreaterThan(0);
    const outcomes = await started;
    await sleep(1_000);
    await brokerUp();
    // Long enough for the services to notice; the reconnect backoff grows meanwhile.
    expect(Date.now() - stoppedAt).toBeGreaterThan(1_000);

    await system.reopenTestChannel();
    // Reconnected with backoff, topology declared again, consumers back on every saga queue.
    for (const queue of [system.names.concertCommands, system.names.walletCommands, system.names.paymentReplies]) {
      await eventually(async () => (await system.amqpChannel.checkQueue(queue)).consumerCount > 0, { what: `consumer of ${queue}`, timeoutMs: 30_000 });
    }
    // StartPayment stores the saga and answers without the broker (the outbox publishes later).
    expect(await payAgainIfRefused(system, buyers, outcomes)).toEqual([]);

    const outcome = await expectRecovered(system, buyers);
    expect(outcome.completed + outcome.failed).toBe(buyers.length);
  }, 90_000);
});
