/**
 * Writers of one stream take turns inside this process. Only a speed help: racing writers of a stream
 * would lose inserts to each other and retry with backoff; correctness still rests on the unique
 * indexes, which also settle races between processes. So the turns may give up on a writer safely,
 * and they do, to stay bounded:
 *   - maxWaiting: writers waiting on one stream; one more is refused at once (busy, retryable);
 *   - maxWaitMs: a writer not started by then is refused, never run;
 *   - its caller's deadline: a writer whose caller has stopped waiting is dropped, never run;
 *   - maxTurnMs: a turn running longer (one hung store call) stops blocking the stream: the next
 *     writer starts while it finishes on its own.
 */
export interface TurnLimits {
  maxWaiting: number;
  maxWaitMs: number;
  maxTurnMs: number;
}

/** Why a writer was turned away: the queue was full, it waited too long, or its caller is gone. */
export type BusyReason = 'full' | 'waited' | 'deadline';

interface Waiter {
  deadline: number;
  start(): void;
  refuse(reason: BusyReason): void;
}

interface Lane {
  running: boolean;
  /** In arrival order; a waiter leaves it when it starts or gives up. */
  waiting: Set<Waiter>;
}

export class StreamTurns {
  private readonly lanes = new Map<string, Lane>();

  constructor(
    private readonly limits: TurnLimits,
    /** The error a turned-away writer gets; the service's own "busy" error. */
    private readonly busy: (reason: BusyReason, streamId: string) => Error,
  ) {}

  /** Runs `task` once every earlier writer of `streamId` in this process has had its turn. */
  run<T>(streamId: string, task: () => Promise<T>, deadline = Number.POSITIVE_INFINITY): Promise<T> {
    if (deadline <= Date.now()) return Promise.reject(this.busy('deadline', streamId));
    let lane = this.lanes.get(streamId);
    if (!lane) {
      lane = { running: false, waiting: new Set() };
      this.lanes.set(streamId, lane);
    }
    if (!lane.running) return this.start(streamId, lane, task);
    if (lane.waiting.size >= this.limits.maxWaiting) return Promise.reject(this.busy('full', streamId));
    return this.wait(streamId, lane, task, deadline);
  }

  /** True when one more writer of `streamId` would be refused at once. */
  isFull(streamId: string): boolean {
    const lane = this.lanes.get(streamId);
    return !!lane && lane.running && lane.waiting.size >= this.limits.maxWaiting;
  }

  /** Streams with a turn running or writers waiting (bounded by the callers in flight). */
  get activeStreams(): number {
    return this.lanes.size;
  }

  private wait<T>(streamId: string, lane: Lane, task: () => Promise<T>, deadline: number): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      const giveUpAt = Math.min(deadline, Date.now() + this.limits.maxWaitMs);
      const waiter: Waiter = {
        deadline,
        start: () => {
          clearTimeout(timer);
          this.start(streamId, lane, task).then(resolve, reject);
        },
        refuse: (reason) => {
          clearTimeout(timer);
          lane.waiting.delete(waiter);
          reject(this.busy(reason, streamId));
        },
      };
      // Which limit came first decides the reason (a timer may fire a millisecond before its time).
      const reason: BusyReason = giveUpAt === deadline ? 'deadline' : 'waited';
      const timer = setTimeout(() => waiter.refuse(reason), giveUpAt - Date.now());
      lane.waiting.add(waiter);
    });
  }

  private start<T>(streamId: string, lane: Lane, task: () => Promise<T>): Promise<T> {
    lane.running = true;
    let released = false;
    const release = () => {
      if (released) return;
      released = true;
      clearTimeout(stall);
      this.next(streamId, lane);
    };
    const stall = setTimeout(release, this.limits.maxTurnMs);
    const result = Promise.resolve().then(task);
    result.then(release, release);
    return result;
  }

  private next(streamId: string, lane: Lane): void {
    for (const waiter of lane.waiting) {
      lane.waiting.delete(waiter);
      if (waiter.deadline <= Date.now()) {
        waiter.refuse('deadline');
        continue;
      }
      waiter.start();
      return;
    }
    lane.running = false;
    if (this.lanes.get(streamId) === lane) this.lanes.delete(streamId);
  }
}
