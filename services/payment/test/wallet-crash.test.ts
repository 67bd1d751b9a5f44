import { killParticipantMidSagas } from './fault-scenario';
import { bootSystem, type System } from './system';

// The wallet service runs as its own process here, so that it can be killed with SIGKILL mid-saga.
describe('wallet service killed with kill -9 in the middle of sagas', () => {
  let system: System;

  beforeAll(async () => {
    system = await bootSystem({ childParticipants: ['wallet'] });
  }, 60_000);

  afterAll(async () => {
    await system?.stop();
  });

  it('after a restart every saga reaches a final state; money conserved, each SOLD seat paid once', async () => {
    const ledger = system.walletDb.collection('ledger');
    // Killed once the wallet is busy debiting: some debits stored, others queued or being handled.
    await killParticipantMidSagas(system, 'wallet', async () => (await ledger.countDocuments({ kind: 'DEBITED' })) >= 5);
  }, 90_000);
});
