import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { detailOf } from '../../src/transport/http/problem-details';
import { STATUS_OF_CODE, titleOf, typeOf } from '../../src/transport/http/problem-status';
import type { RawAnswer, RawRequest } from './stack';

/*
 * What an answer may be, read from the contract rather than copied into the tests:
 * - the codes each route declares: the gateway's own /api/openapi.json ("Problem; `code` is one of …",
 *   which infra/test/api-guide.test.ts holds equal to docs/api.md's **Errors** lines);
 * - the answers docs/api.md lists under "Answers outside the OpenAPI document";
 * - each code's status: the gateway's code → status map; its detail, title and type: the fixed texts.
 */

const GUIDE = readFileSync(path.resolve(__dirname, '../../../../docs/api.md'), 'utf8');

/** The codes of docs/api.md's "### Answers outside the OpenAPI document" list. */
function outsideOpenApi(): string[] {
  const section = GUIDE.split(/^### Answers outside the OpenAPI document$/m)[1]?.split(/^#/m)[0] ?? '';
  const codes = [...section.matchAll(/^- \d{3} `([A-Z_]+)`/gm)].map((m) => m[1]!);
  if (codes.length === 0) throw new Error('docs/api.md: no "Answers outside the OpenAPI document" list');
  return codes;
}

export interface Contract {
  /** `POST /users/{UUID}/balance` (below /api/v1) → the 4xx codes it may answer. */
  allowed(routeKey: string): ReadonlySet<string>;
}

export async function loadContract(gatewayUrl: string): Promise<Contract> {
  const doc = (await (await fetch(`${gatewayUrl}/api/openapi.json`)).json()) as {
    paths: Record<string, Record<string, { responses: Record<string, { description: string }> }>>;
  };
  const extra = outsideOpenApi();
  const byRoute = new Map<string, Set<string>>();
  for (const [route, operations] of Object.entries(doc.paths)) {
    if (!route.startsWith('/api/v1')) continue;
    for (const [method, operation] of Object.entries(operations)) {
      const codes = new Set<string>(extra);
      for (const response of Object.values(operation.responses)) {
        const listed = /^Problem; `code` is one of (.+)$/.exec(response.description);
        for (const code of listed?.[1]!.split(',') ?? []) codes.add(code.trim());
      }
      // Never a 5xx: a campaign of client input must not find INTERNAL, SERVICE_UNAVAILABLE or SERVICE_BUSY.
      for (const code of codes) if ((STATUS_OF_CODE[code] ?? 500) >= 500) codes.delete(code);
      byRoute.set(`${method.toUpperCase()} ${route.slice('/api/v1'.length)}`, codes);
    }
  }
  return {
    allowed(routeKey) {
      const codes = byRoute.get(routeKey);
      if (!codes) throw new Error(`the OpenAPI document has no route ${routeKey}`);
      return codes;
    },
  };
}

/** Why `answer` is not a contract answer to `req` on `routeKey` (an error's problem document), or null. */
export function problemViolation(contract: Contract, routeKey: string, req: RawRequest, answer: RawAnswer): string | null {
  const requestIdHeader = answer.headers['x-request-id'];
  if (typeof requestIdHeader !== 'string' || !requestIdHeader) return 'no X-Request-Id header';
  const sentId = req.headers['x-request-id'];
  if (sentId !== undefined && /^[A-Za-z0-9][A-Za-z0-9._:-]{0,127}$/.test(sentId) && requestIdHeader !== sentId) return 'a sane X-Request-Id was not used';
  if (answer.status >= 500) return `a ${answer.status}`;
  if (answer.status < 400) return null;
  if (!String(answer.headers['content-type']).startsWith('application/problem+json')) return `content-type ${String(answer.headers['content-type'])}`;
  const problem = answer.json;
  if (!problem) return 'no JSON problem body';
  const code = problem.code as string;
  if (!contract.allowed(routeKey).has(code)) return `code ${code} is not one of ${routeKey}'s (${[...contract.allowed(routeKey)].join(', ')})`;
  if (STATUS_OF_CODE[code] !== answer.status) return `status ${answer.status} is not the contract's ${STATUS_OF_CODE[code]} for ${code}`;
  const expected = { type: typeOf(code), title: titleOf(code), status: answer.status, detail: detailOf(code), code, requestId: requestIdHeader };
  // Exactly the six fields, each fixed by the code: nothing a client sent can be in it (the requestId aside).
  if (JSON.stringify(Object.keys(problem).sort()) !== JSON.stringify(Object.keys(expected).sort())) return `fields ${Object.keys(problem).join(', ')}`;
  for (const [field, value] of Object.entries(expected)) {
    if (problem[field] !== value) return `${field} is ${JSON.stringify(problem[field])}, not ${JSON.stringify(value)}`;
  }
  return null;
}

/** The codes that say "your input is wrong", whatever the route. */
export const INPUT_CODES = new Set(['VALIDATION_FAILED', 'MALFORMED_JSON', 'INVALID_AMOUNT', 'PAYLOAD_TOO_LARGE', 'UNSUPPORTED_MEDIA_TYPE', 'NOT_FOUND']);
