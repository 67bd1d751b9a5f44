import { createLogger } from '@concert/logger';
import { AmqpBroker, type Topology } from '../src';

// A consumer whose handler kills its process mid-message, as an out-of-memory or a native crash
// would: the message is never acked nor rejected, so only the broker can stop the loop.
const topology = JSON.parse(process.env.TOPOLOGY!) as Topology;
const logger = createLogger('crash-consumer', process.env.LOG_LEVEL ?? 'silent');

async function main() {
  const broker = await AmqpBroker.connect({ url: process.env.AMQP_URL!, topology, logger, connectionName: 'crash-consumer-fixture' });
  await broker.consume(topology.queues[0]!.name, async (envelope) => {
    process.stdout.write(`handling ${envelope.messageId}\n`);
    process.exit(3);
  });
  process.stdout.write('consuming\n');
}

void main();
