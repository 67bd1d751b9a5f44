import { connect, type ChannelModel } from 'amqplib';
import { withDeadline } from '@concert/errors';
import { parkedCounts } from './parked';
import { sagaTopology } from './saga-contract';

/**
 * A read-only look at the saga's parking queues for a process that does not otherwise talk to the
 * broker (the gateway's admin route): one lazily opened connection, dropped when it fails and
 * opened again by the next look, and a deadline on every look. It declares nothing.
 */
export class ParkedInspector {
  private model: Promise<ChannelModel> | null = null;
  private closed = false;

  constructor(
    private readonly url: string,
    private readonly namespace: string,
    private readonly timeoutMs = 2_000,
  ) {}

  /** Messages per parking queue; rejects when the broker cannot be asked within the deadline. */
  async counts(): Promise<Record<string, number>> {
    const started = Date.now();
    const pending = this.connection();
    const model = await withDeadline(pending, this.timeoutMs, 'connect').catch((error: unknown) => {
      // A connect that hangs must not hold every later look: start over, and close it if it ever opens.
      if (this.model === pending) this.model = null;
      pending.then((m) => m.close()).catch(() => undefined);
      throw error;
    });
    return parkedCounts(model, sagaTopology(this.namespace), Math.max(1, this.timeoutMs - (Date.now() - started)));
  }

  async close(): Promise<void> {
    this.closed = true;
    const model = this.model;
    this.model = null;
    if (model) await withDeadline(model.then((m) => m.close()), this.timeoutMs, 'close').catch(() => undefined);
  }

  private connection(): Promise<ChannelModel> {
    if (this.closed) return Promise.reject(new Error('inspector closed'));
    if (!this.model) {
      const opening = connect(this.url, { clientProperties: { connection_name: 'parked-inspector' }, timeout: this.timeoutMs }).then((model) => {
        const drop = () => {
          if (this.model === opening) this.model = null;
        };
        model.on('error', drop);
        model.on('close', drop);
        // Closed meanwhile, or a look gave up waiting and then closed us: don't keep it open.
        if (this.closed) void model.close().catch(() => undefined);
        return model;
      });
      opening.catch(() => {
        if (this.model === opening) this.model = null;
      });
      this.model = opening;
    }
    return this.model;
  }
}
