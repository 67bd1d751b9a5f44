/**
 * One fan in the rush: join, poll as told, and once ACTIVE list the dates, list the seats, hold a free
 * seat (another one on 409), pay with an Idempotency-Key, follow a 202, and leave when nothing is left.
 */
import { randomUUID } from 'node:crypto';
import type { Answer, Http } from './http';
import type { StopSignal } from './stop-signal';

export type Outcome =
  | 'bought'
  | 'sold-out' // told SOLD_OUT by a join (409) or a poll
  | 'no-seat' // ACTIVE, found no free seat after a few looks, left
  | 'insufficient' // 402 INSUFFICIENT_BALANCE again after topping up, left
  | 'payment-failed' // the saga ended FAILED
  | 'token-lost' // the token expired or was refused
  | 'error' // a 5xx, a timeout or an unexpected answer after retries
  | 'stopped'; // the rush timeout came first

export interface FanAccount {
  userId: string;
  userKey?: string;
  /** Everything charged to the wallet: at set-up, plus a top-up after a 402. */
  charged: number;
}

export interface FanResult {
  outcome: Outcome;
  /** Sum of the amounts of the payments this fan saw COMPLETED. */
  paid: number;
  /** For 'error': what went wrong. */
  detail?: string;
}

export interface RushContext {
  concertCode: string;
  stop: StopSignal;
  onPurchase: (amount: number) => void;
  noSeatLooks: number;
}

const EMPTY_LOOK_PAUSE_MS = 1_000;
const PAYMENT_POLL_MS = 1_000;
const MAX_REJOINS = 2;
/** A top-up when the hold did not say its price: more than any seat costs. */
const MAX_TOP_UP = 200_000;
/** Timeouts, connection errors and 5xx a join or a poll survives before the fan gives up. */
const JOIN_RETRIES = 10;

class Done extends Error {
  constructor(readonly result: FanResult) {
    super(result.outcome);
  }
}

export async function runFan(http: Http, fan: FanAccount, ctx: RushContext): Promise<FanResult> {
  const journey = new Journey(http, fan, ctx);
  try {
    await journey.run();
    return { outcome: 'error', paid: journey.paid, detail: 'journey ended without an outcome' };
  } catch (error) {
    if (error instanceof Done) return { ...error.result, paid: journey.paid };
    return { outcome: 'error', paid: journey.paid, detail: (error as Error).message };
  }
}

class Journey {
  paid = 0;
  private token = '';
  /** The price the hold answered (a 409 HOLD_ALREADY_EXISTS does not say it). */
  private holdPrice: number | null = null;
  private toppedUp = false;
  private readonly base: string;

  constructor(
    private readonly http: Http,
    private readonly fan: FanAccount,
    private readonly ctx: RushContext,
  ) {
    this.base = `/api/v1/concerts/${encodeURIComponent(ctx.concertCode)}`;
  }

  private auth(): Record<string, string> {
    return { authorization: `Bearer ${this.token}` };
  }

  private finish(outcome: Outcome, detail?: string): never {
    throw new Done({ outcome, paid: this.paid, detail });
  }

  /** Stopped, timed out, 5xx: the fan gives up (leaving politely when it holds a token). */
  private async check(answer: Answer, what: string): Promise<void> {
    if (answer.status === -2) this.finish('stopped');
    if (answer.status === 401 || answer.status === 403) this.finish('token-lost', `${what}: ${answer.status} ${answer.code ?? ''}`);
    if (answer.status <= 0 || answer.status >= 500) {
      await this.leave();
      this.finish('error', `${what}: ${answer.status <= 0 ? (answer.status === 0 ? 'timeout' : 'connection error') : answer.status}`);
    }
  }

  private async leave(): Promise<void> {
    if (this.token && !this.ctx.stop.stopped) await this.http.call('1-3 leave', 'DELETE', `${this.base}/token`, { headers: this.auth(), retries: 1 });
  }

  async run(): Promise<void> {
    for (let joins = 0; joins <= MAX_REJOINS; joins++) {
      await this.join();
      const active = await this.waitUntilActive();
      if (active) return this.shop();
    }
    this.finish('token-lost', 'token expired while waiting, rejoined too often');
  }

  private async join(): Promise<void> {
    const headers: Record<string, string> = this.fan.userKey ? { 'x-user-key': this.fan.userKey } : {};
    // A fan in a rush keeps trying to get in: a timed-out join is sent again (a repeat answers the same token).
    const answer = await this.http.call('1-1 join', 'POST', `${this.base}/token`, { body: { UUID: this.fan.userId }, headers, retries: JOIN_RETRIES });
    if (answer.status === 409 && answer.code === 'SOLD_OUT') this.finish('sold-out');
    await this.check(answer, 'join');
    if (answer.status !== 200 && answer.status !== 201) this.finish('error', `join: ${answer.status} ${answer.code ?? ''}`);
    this.token = answer.body.token;
    if (answer.body.status !== 'ACTIVE') await this.ctx.stop.sleep(Math.max(0, Number(answer.body.pollAfterSeconds ?? 1)) * 1000);
  }

  /** true once ACTIVE; false when the token expired while waiting (the caller joins again). */
  private async waitUntilActive(): Promise<boolean> {
    for (;;) {
      const answer = await this.http.call('1-2 poll', 'GET', `${this.base}/token`, { headers: this.auth(), retries: JOIN_RETRIES });
      if (answer.status === 401 && answer.code === 'TOKEN_EXPIRED') return false;
      await this.check(answer, 'poll');
      if (answer.status !== 200) this.finish('error', `poll: ${answer.status} ${answer.code ?? ''}`);
      const status = answer.body.status;
      if (status === 'ACTIVE') return true;
      if (status === 'SOLD_OUT') this.finish('sold-out');
      if (!(await this.ctx.stop.sleep(Math.max(0, Number(answer.body.pollAfterSeconds ?? 1)) * 1000))) this.finish('stopped');
    }
  }

  private async shop(): Promise<void> {
    let emptyLooks = 0;
    for (;;) {
      const dates = await this.http.call('2-1 dates', 'GET', `${this.base}?UUID=${this.fan.userId}`, { headers: this.auth() });
      await this.check(dates, 'dates');
      if (dates.status !== 200) this.finish('error', `dates: ${dates.status} ${dates.code ?? ''}`);
      const open = (dates.body.concertDateList as { concertDate: string; availableSeatCount: number }[]).filter((d) => d.availableSeatCount > 0);
      if (open.length === 0) {
        if (++emptyLooks >= this.ctx.noSeatLooks) {
          await this.leave();
          this.finish('no-seat');
        }
        if (!(await this.ctx.stop.sleep(EMPTY_LOOK_PAUSE_MS))) this.finish('stopped');
        continue;
      }
      const date = pick(open).concertDate;
      const held = await this.holdOnDate(date);
      if (!held) continue;
      const next = await this.pay();
      if (next === 'relist') continue;
      return;
    }
  }

  /** Holds a free seat of the date; false when the date's list ran out (the caller re-lists dates). */
  private async holdOnDate(concertDate: string): Promise<boolean> {
    const seats = await this.http.call('2-2 seats', 'GET', `${this.base}/seats?concertDate=${encodeURIComponent(concertDate)}`, {
      headers: this.auth(),
    });
    await this.check(seats, 'seats');
    if (seats.status !== 200) this.finish('error', `seats: ${seats.status} ${seats.code ?? ''}`);
    const free = (seats.body.concertSeatList as { seatNumber: number }[]).map((s) => s.seatNumber);
    while (free.length > 0) {
      const seatNumber = free.splice(Math.floor(Math.random() * free.length), 1)[0]!;
      const hold = await this.http.call('3-1 hold', 'PATCH', this.base, {
        body: { UUID: this.fan.userId, concertDate, seatNumber },
        headers: this.auth(),
      });
      if (hold.status === 200) {
        this.holdPrice = Number(hold.body.price);
        return true;
      }
      if (hold.status === 409 && hold.code === 'HOLD_ALREADY_EXISTS') {
        this.holdPrice = null;
        return true;
      }
      if (hold.status === 409 && (hold.code === 'SEAT_ALREADY_HELD' || hold.code === 'SEAT_ALREADY_SOLD')) continue;
      await this.check(hold, 'hold');
      this.finish('error', `hold: ${hold.status} ${hold.code ?? ''}`);
    }
    return false;
  }

  /** Pays the hold; 'relist' when the hold was gone (expired or never there). */
  private async pay(): Promise<'done' | 'relist'> {
    const idempotencyKey = randomUUID();
    let answer: Answer;
    for (let waits = 0; ; waits++) {
      answer = await this.http.call('5 payment', 'POST', '/api/v1/payments', {
        body: { UUID: this.fan.userId },
        headers: { ...this.auth(), 'idempotency-key': idempotencyKey },
        retries: 5,
      });
      // A repeat (after a 503 or a timeout) that meets the first attempt still running: ask again.
      if (!(answer.status === 409 && answer.code === 'IDEMPOTENCY_KEY_IN_USE') || waits >= 120) break;
      if (!(await this.ctx.stop.sleep(PAYMENT_POLL_MS))) this.finish('stopped');
    }
    if (answer.status === 200 && answer.body.status === 'COMPLETED') return this.bought(Number(answer.body.amount));
    if (answer.status === 202) return this.followPayment(answer.body.paymentId);
    if (answer.status === 402) {
      // As a fan would: top up by the seat's price and pay again (the hold is kept); a second 402 leaves.
      if (this.toppedUp || !(await this.topUp())) {
        await this.leave();
        this.finish('insufficient');
      }
      return this.pay();
    }
    if (answer.status === 404 || (answer.status === 409 && answer.code === 'SEAT_HOLD_EXPIRED')) return 'relist';
    await this.check(answer, 'payment');
    this.finish('error', `payment: ${answer.status} ${answer.code ?? ''}`);
  }

  private async followPayment(paymentId: string): Promise<'done'> {
    for (;;) {
      if (!(await this.ctx.stop.sleep(PAYMENT_POLL_MS))) this.finish('stopped');
      const answer = await this.http.call('5-1 payment poll', 'GET', `/api/v1/payments/${encodeURIComponent(paymentId)}`, {
        headers: this.auth(),
        retries: 5,
      });
      if (answer.status === -2) this.finish('stopped');
      if (answer.status !== 200) {
        if (answer.status <= 0 || answer.status >= 500) continue; // keep following: the saga has started
        this.finish('error', `payment poll: ${answer.status} ${answer.code ?? ''}`);
      }
      if (answer.body.status === 'COMPLETED') return this.bought(Number(answer.body.amount ?? NaN));
      if (answer.body.status === 'FAILED') {
        await this.leave();
        this.finish(answer.body.reason === 'INSUFFICIENT_BALANCE' ? 'insufficient' : 'payment-failed', answer.body.reason);
      }
    }
  }

  private async topUp(): Promise<boolean> {
    const amount = this.holdPrice ?? MAX_TOP_UP;
    this.toppedUp = true;
    const answer = await this.http.call('4-2 top-up', 'PATCH', `/api/v1/users/${this.fan.userId}/balance`, {
      body: { amount },
      headers: { 'idempotency-key': `rush-top-up-${this.fan.userId}`, ...(this.fan.userKey ? { 'x-user-key': this.fan.userKey } : {}) },
      retries: 5,
    });
    if (answer.status !== 200) return false;
    this.fan.charged += amount;
    return true;
  }

  private bought(amount: number): 'done' {
    // 5-1 does not carry the amount: then it is the held seat's price (NaN when the hold did not say).
    const known = Number.isFinite(amount) ? amount : (this.holdPrice ?? NaN);
    this.paid += known;
    this.ctx.onPurchase(known);
    this.finish('bought');
  }
}

const pick = <T>(list: T[]): T => list[Math.floor(Math.random() * list.length)]!;
