import { randomBytes } from 'node:crypto';
import type { JWTHeaderParameters } from 'jose' with { 'resolution-mode': 'import' };
import type { TokenCodec } from '../application/queue.ports';
import type { TokenClaims } from '../domain/queue-token';
import { QueueErrors } from '../domain/queue.errors';

const ISSUER = 'concert-queue';

// jose ships only ESM; this CommonJS build reaches it through a dynamic import, loaded once.
let josePromise: Promise<typeof import('jose', { with: { 'resolution-mode': 'import' } })> | undefined;
const jose = () => (josePromise ??= import('jose'));

/**
 * HS256 queue tokens. The header's `kid` names the key that signed it: tokens are signed with the
 * current key and verified with any configured one, so a key can be rotated by adding the new key,
 * switching `currentKeyId`, and dropping the old key once its tokens have ended. Only HS256 is
 * accepted, which rules out `alg: none` and algorithm confusion.
 */
export class JwtTokenCodec implements TokenCodec {
  private readonly keys: Map<string, Uint8Array>;
  private readonly current: { kid: string; secret: Uint8Array };

  constructor(keys: Record<string, string>, currentKeyId: string) {
    this.keys = new Map(Object.entries(keys).map(([kid, secret]) => [kid, new TextEncoder().encode(secret)]));
    const secret = this.keys.get(currentKeyId);
    if (!secret) throw new Error(`signing key "${currentKeyId}" is not among the configured keys`);
    this.current = { kid: currentKeyId, secret };
  }

  newTokenId(): string {
    return randomBytes(12).toString('base64url');
  }

  async sign(claims: TokenClaims): Promise<string> {
    const { SignJWT } = await jose();
    // Fixed claim order and no iat: the same claims always give the same token under the same key.
    return new SignJWT({ concert: claims.concertCode })
      .setProtectedHeader({ alg: 'HS256', kid: this.current.kid, typ: 'JWT' })
      .setIssuer(ISSUER)
      .setSubject(claims.userId)
      .setJti(claims.tokenId)
      .sign(this.current.secret);
  }

  async verify(token: string): Promise<TokenClaims> {
    const { jwtVerify } = await jose();
    try {
      const { payload } = await jwtVerify(token, (header: JWTHeaderParameters) => this.keyFor(header), {
        algorithms: ['HS256'],
        issuer: ISSUER,
      });
      const { sub, jti, concert } = payload;
      if (typeof sub !== 'string' || typeof jti !== 'string' || typeof concert !== 'string' || !sub || !jti || !concert) {
        throw new Error('missing claims');
      }
      return { userId: sub, concertCode: concert, tokenId: jti };
    } catch {
      throw QueueErrors.invalidToken();
    }
  }

  private keyFor(header: JWTHeaderParameters): Uint8Array {
    const key = header.kid === undefined ? undefined : this.keys.get(header.kid);
    if (!key) throw new Error('unknown key id');
    return key;
  }
}
