import { z } from 'zod';

// The only reader of process.env and argv for the parked-message command.
const schema = z.object({
  AMQP_URL: z.string().url().default('amqp://guest:guest@127.0.0.1:5672'),
  AMQP_NAMESPACE: z.string().min(1).default('concert'),
});

export interface ParkedCommand {
  action: 'list' | 'replay';
  amqpUrl: string;
  namespace: string;
  /** Only this source queue (full name, e.g. concert.payment.replies). */
  queue?: string;
}

export function readParkedCommand(argv = process.argv.slice(2), env = process.env): ParkedCommand {
  const parsed = schema.safeParse(env);
  if (!parsed.success) throw new Error(`bad environment: ${parsed.error.issues.map((i) => i.path.join('.')).join(', ')}`);
  const [action = 'list', ...rest] = argv;
  if (action !== 'list' && action !== 'replay') throw new Error(`usage: parked [list|replay] [--queue <queue name>]`);
  const at = rest.indexOf('--queue');
  return { action, amqpUrl: parsed.data.AMQP_URL, namespace: parsed.data.AMQP_NAMESPACE, queue: at >= 0 ? rest[at + 1] : undefined };
}
