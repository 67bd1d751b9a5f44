import { connect } from 'amqplib';
import { parkedCounts, peekParked, replayParked, sagaTopology } from '../../packages/amqp-kit/src';
import { readParkedCommand } from './parked.config';

/**
 * `pnpm parked` lists what sits in the saga's parking queues; `pnpm parked:replay` moves it back to
 * the queues it came from (infra/rabbitmq/README.md, "Parked messages"). Read-only unless replaying.
 */
async function main(): Promise<void> {
  const command = readParkedCommand();
  const topology = sagaTopology(command.namespace);
  const model = await connect(command.amqpUrl, { clientProperties: { connection_name: `parked-${command.action}` } });
  try {
    if (command.action === 'replay') {
      const replayed = await replayParked(model, topology, { queue: command.queue });
      for (const m of replayed) console.log(`replayed ${m.messageId} ${m.type} saga=${m.sagaId} -> ${m.from}`);
      console.log(replayed.length === 0 ? 'nothing parked: nothing replayed' : `replayed ${replayed.length} message(s)`);
    } else {
      for (const [queue, count] of Object.entries(await parkedCounts(model, topology))) console.log(`${queue}\t${count}`);
      for (const m of await peekParked(model, topology)) console.log(`  ${m.messageId} ${m.type} saga=${m.sagaId} from=${m.from} reason=${m.reason}`);
    }
  } finally {
    await model.close().catch(() => undefined);
  }
}

main().catch((error: unknown) => {
  console.error(`parked: ${(error as Error)?.message ?? String(error)}`);
  process.exitCode = 1;
});
