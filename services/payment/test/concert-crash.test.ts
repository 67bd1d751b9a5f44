import { killParticipantMidSagas } from './fault-scenario';
import { bootSystem, type System } from './system';

// The concert service runs as its own process here, so that it can be killed with SIGKILL mid-saga.
describe('concert service killed with kill -9 in the middle of sagas', () => {
  let system: System;

  beforeAll(async () => {
    system = await bootSystem({ childParticipants: ['concert'] });
  }, 60_000);

  afterAll(async () => {
    await system?.stop();
  });

  it('after a restart every saga reaches a final state; money conserved, each SOLD seat paid once', async () => {
    // Killed once the concert service is busy confirming seats: some confirmed, others queued or being handled.
    const confirmed = () => system.paymentDb.collection('saga_events').countDocuments({ name: 'SEAT_CONFIRMED' });
    await killParticipantMidSagas(system, 'concert', async () => (await confirmed()) >= 5);
  }, 90_000);
});
