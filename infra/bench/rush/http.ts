/**
 * The fans' HTTP: one undici Client (one keep-alive connection) per fan, every request timed and
 * counted per route. 429 and 503 with Retry-After are waited out and the same request is sent again;
 * a timeout, a broken connection or another 5xx is retried a few times after a pause.
 */
import type { Dispatcher } from 'undici';
import type { Recorder, Route } from './stats';
import type { StopSignal } from './stop-signal';

export interface Answer {
  /** HTTP status; 0 for a client timeout, -1 for a connection error, -2 when the rush was stopped. */
  status: number;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  body: any;
  /** The problem's `code` on an error answer. */
  code?: string;
}

export interface CallOptions {
  body?: unknown;
  headers?: Record<string, string>;
  /** Retries of a timeout, a connection error or a 5xx without Retry-After. */
  retries?: number;
}

const TRANSIENT_PAUSE_MS = 1_000;
const MAX_RETRY_AFTER_WAITS = 1_000;

export class Http {
  constructor(
    private readonly dispatcher: Dispatcher,
    private readonly recorder: Recorder,
    private readonly stop: StopSignal,
    private readonly timeoutMs: number,
  ) {}

  async call(route: Route, method: Dispatcher.HttpMethod, path: string, options: CallOptions = {}): Promise<Answer> {
    let transientLeft = options.retries ?? 2;
    for (let waits = 0; ; waits++) {
      if (this.stop.stopped) return { status: -2, body: null };
      const answer = await this.once(route, method, path, options);
      if (answer.status === -2) return answer;
      const retryAfter = answer.retryAfterSeconds;
      if ((answer.status === 429 || answer.status === 503) && retryAfter !== null && waits < MAX_RETRY_AFTER_WAITS) {
        if (!(await this.stop.sleep(retryAfter * 1000))) return { status: -2, body: null };
        continue;
      }
      if ((answer.status <= 0 || answer.status >= 500) && transientLeft-- > 0) {
        if (!(await this.stop.sleep(TRANSIENT_PAUSE_MS))) return { status: -2, body: null };
        continue;
      }
      return { status: answer.status, body: answer.body, code: answer.code };
    }
  }

  private async once(
    route: Route,
    method: Dispatcher.HttpMethod,
    path: string,
    options: CallOptions,
  ): Promise<Answer & { retryAfterSeconds: number | null }> {
    const controller = new AbortController();
    const untrack = this.stop.track(controller);
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      controller.abort(new Error('client timeout'));
    }, this.timeoutMs);
    const started = performance.now();
    try {
      const headers: Record<string, string> = { ...options.headers };
      if (options.body !== undefined) headers['content-type'] = 'application/json';
      const response = await this.dispatcher.request({
        method,
        path,
        headers,
        body: options.body === undefined ? undefined : JSON.stringify(options.body),
        signal: controller.signal,
      });
      const text = await response.body.text();
      const ms = performance.now() - started;
      // eslint-disable-next-line @typescript-eslint/no-explicit-any
      let body: any = null;
      if (text.length > 0) {
        try {
          body = JSON.parse(text);
        } catch {
          body = text;
        }
      }
      const status = response.statusCode;
      const code = status >= 400 && body && typeof body.code === 'string' ? (body.code as string) : undefined;
      const label = code ?? (status < 300 && body && typeof body.status === 'string' ? body.status : undefined);
      this.recorder.record(route, ms, label ? `${status} ${label}` : String(status), status);
      return { status, body, code, retryAfterSeconds: parseRetryAfter(response.headers['retry-after']) };
    } catch (error) {
      const ms = performance.now() - started;
      if (timedOut) {
        this.recorder.record(route, ms, 'timeout', 0);
        return { status: 0, body: null, retryAfterSeconds: null };
      }
      if (this.stop.stopped) return { status: -2, body: null, retryAfterSeconds: null };
      const code = (error as { code?: string }).code ?? (error as Error).name;
      this.recorder.record(route, ms, `conn ${code}`, -1);
      return { status: -1, body: null, retryAfterSeconds: null };
    } finally {
      clearTimeout(timer);
      untrack();
    }
  }
}

function parseRetryAfter(header: string | string[] | undefined): number | null {
  const value = Array.isArray(header) ? header[0] : header;
  if (value === undefined) return null;
  const seconds = Number(value);
  if (Number.isFinite(seconds) && seconds >= 0) return seconds;
  const at = Date.parse(value);
  return Number.isNaN(at) ? null : Math.max(0, (at - Date.now()) / 1000);
}
