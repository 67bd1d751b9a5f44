import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { TokenCodec } from '../application/queue.ports';
import type { TokenClaims } from '../domain/queue-token';
import { QueueErrors } from '../domain/queue.errors';

const ISSUER = 'concert-queue';
const SEGMENT = /^[A-Za-z0-9_-]+$/;

const b64url = (text: string) => Buffer.from(text, 'utf8').toString('base64url');
const hs256 = (input: string, secret: Buffer) => createHmac('sha256', secret).update(input).digest();

function parseSegment(segment: string): Record<string, unknown> {
  const value: unknown = JSON.parse(Buffer.from(segment, 'base64url').toString('utf8'));
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new Error('not a JSON object');
  return value as Record<string, unknown>;
}

/**
 * HS256 queue tokens (compact JWS), signed and verified with node:crypto's HMAC directly: a join or
 * poll costs a few microseconds here instead of the ~250 µs an async WebCrypto sign took (measured by
 * bench/burst.bench.ts). The header's `kid` names the key that signed it: tokens are signed with the
 * current key and verified with any configured one, so a key can be rotated by adding the new key,
 * switching `currentKeyId`, and dropping the old key once its tokens have ended. Verification is
 * strict: exactly `alg: HS256` (no `none`, no algorithm confusion), a known `kid`, a constant-time
 * signature comparison, and our issuer. Header and claim order are fixed, and there is no `iat` (the
 * `exp` is fixed at the join, see tokenExpiresAtMs), so the same claims always give the same token
 * under the same key. A genuine token past its `exp` is TOKEN_EXPIRED, whatever its state.
 */
export class JwtTokenCodec implements TokenCodec {
  private readonly keys: Map<string, Buffer>;
  private readonly current: { header: string; secret: Buffer };

  constructor(
    keys: Record<string, string>,
    currentKeyId: string,
    private readonly now: () => number = Date.now,
  ) {
    this.keys = new Map(Object.entries(keys).map(([kid, secret]) => [kid, Buffer.from(secret, 'utf8')]));
    const secret = this.keys.get(currentKeyId);
    if (!secret) throw new Error(`signing key "${currentKeyId}" is not among the configured keys`);
    this.current = { header: b64url(JSON.stringify({ alg: 'HS256', kid: currentKeyId, typ: 'JWT' })), secret };
  }

  newTokenId(): string {
    return randomBytes(12).toString('base64url');
  }

  sign(claims: TokenClaims): Promise<string> {
    const payload = b64url(JSON.stringify({ concert: claims.concertCode, iss: ISSUER, sub: claims.userId, jti: claims.tokenId, exp: claims.expiresAt }));
    const input = `${this.current.header}.${payload}`;
    return Promise.resolve(`${input}.${hs256(input, this.current.secret).toString('base64url')}`);
  }

  verify(token: string): Promise<TokenClaims> {
    let claims: TokenClaims;
    try {
      claims = this.verifyNow(token);
    } catch {
      return Promise.reject(QueueErrors.invalidToken());
    }
    // Only a token we signed gets this far: saying it expired tells a forger nothing.
    if (claims.expiresAt * 1_000 <= this.now()) return Promise.reject(QueueErrors.tokenExpired());
    return Promise.resolve(claims);
  }

  private verifyNow(token: string): TokenClaims {
    const parts = token.split('.');
    if (parts.length !== 3 || !parts.every((p) => SEGMENT.test(p))) throw new Error('not a compact JWS');
    const [headerPart, payloadPart, signaturePart] = parts as [string, string, string];
    const header = parseSegment(headerPart);
    if (header.alg !== 'HS256' || typeof header.kid !== 'string' || 'crit' in header) throw new Error('unacceptable header');
    const key = this.keys.get(header.kid);
    if (!key) throw new Error('unknown key id');
    // The signature's text is compared, not the bytes it decodes to: base64url's last character has
    // unused bits, so the same bytes have other spellings, and a token with its last character changed
    // would still pass.
    const expected = Buffer.from(hs256(`${headerPart}.${payloadPart}`, key).toString('base64url'));
    const given = Buffer.from(signaturePart);
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) throw new Error('bad signature');

    const { iss, sub, jti, concert, exp, nbf } = parseSegment(payloadPart);
    // We never sign nbf, and always sign exp; a token otherwise is not ours.
    if (iss !== ISSUER || nbf !== undefined || typeof exp !== 'number' || !Number.isSafeInteger(exp)) throw new Error('not our claims');
    if (typeof sub !== 'string' || typeof jti !== 'string' || typeof concert !== 'string' || !sub || !jti || !concert) {
      throw new Error('missing claims');
    }
    return { userId: sub, concertCode: concert, tokenId: jti, expiresAt: exp };
  }
}
