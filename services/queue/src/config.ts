import { z } from 'zod';
import { checkGrpcSecurity, env, grpcSecurityFields, loadConfig, productionSecretProblem } from '@concert/config';

// Dev-only default; production must set TOKEN_SIGNING_KEYS (refused below when NODE_ENV=production).
const DEV_SIGNING_KEYS = 'dev=dev-only-queue-token-key-do-not-use-in-production';

/** "kid=secret,kid2=secret2" → { kid: secret, … }; secrets must be long enough for HS256. */
const signingKeys = z
  .string()
  .default(DEV_SIGNING_KEYS)
  .transform((raw, ctx) => {
    const keys: Record<string, string> = {};
    for (const part of raw.split(',').map((p) => p.trim()).filter(Boolean)) {
      const at = part.indexOf('=');
      const kid = part.slice(0, at).trim();
      const secret = part.slice(at + 1);
      if (at <= 0 || secret.length < 32) {
        ctx.addIssue({ code: 'custom', message: 'must be kid=secret pairs, comma-separated, secrets of at least 32 characters' });
        return z.NEVER;
      }
      keys[kid] = secret;
    }
    if (Object.keys(keys).length === 0) {
      ctx.addIssue({ code: 'custom', message: 'needs at least one kid=secret' });
      return z.NEVER;
    }
    return keys;
  });

export const configSchema = z
  .object({
    NODE_ENV: env.nodeEnv,
    ...grpcSecurityFields,
    GRPC_PORT: env.port(50051),
    /** Port of GET /metrics (Prometheus); unset: no metrics endpoint, 0: any free port (tests). */
    METRICS_PORT: z.coerce.number().int().min(0).max(65535).optional(),
    /** The concert service, asked whether a concert with fans in line is sold out. */
    CONCERT_GRPC_ADDR: env.hostPort('127.0.0.1:50052'),
    CONCERT_GRPC_TIMEOUT_MS: env.durationMs(1_000),
    REDIS_URL: env.url('redis://127.0.0.1:6379'),
    QUEUE_KEY_PREFIX: z.string().regex(/^[\w.-]{1,40}$/).default('q'),
    QUEUE_MAX_ACTIVE: env.positiveInt(100),
    QUEUE_ACTIVE_TTL_MS: env.durationMs(600_000),
    QUEUE_ABANDON_AFTER_MS: env.durationMs(120_000),
    /**
     * The longest a fan may wait in line (then the place ends like an abandoned one). With the active TTL
     * and QUEUE_TOKEN_GRACE_MS it makes the tokens' signed exp (domain/queue-policy tokenExpiresAtMs).
     */
    QUEUE_MAX_WAIT_MS: env.durationMs(43_200_000),
    /** How long a used-up token still reads its reservation and payment (3-2, 5-1) after it ended. */
    QUEUE_TOKEN_GRACE_MS: env.durationMs(1_800_000),
    QUEUE_ADMIT_INTERVAL_MS: env.durationMs(500),
    QUEUE_RATE_WINDOW_MS: env.durationMs(300_000),
    QUEUE_POLL_BUDGET_PER_SEC: env.positiveInt(200),
    QUEUE_MIN_POLL_SECONDS: env.positiveInt(1),
    TOKEN_SIGNING_KEYS: signingKeys,
    /** The key new tokens are signed with; defaults to the first of TOKEN_SIGNING_KEYS. */
    TOKEN_KEY_ID: z.string().optional(),
    LOG_LEVEL: env.logLevel,
  })
  .superRefine((c, ctx) => {
    checkGrpcSecurity(c, ctx);
    if (c.TOKEN_KEY_ID !== undefined && !(c.TOKEN_KEY_ID in c.TOKEN_SIGNING_KEYS)) {
      ctx.addIssue({ code: 'custom', path: ['TOKEN_KEY_ID'], message: 'must name one of the TOKEN_SIGNING_KEYS' });
    }
    if (c.NODE_ENV === 'production') {
      // Every key still verifies tokens, so a weak one under any key id is as bad as a weak signing key.
      for (const [kid, secret] of Object.entries(c.TOKEN_SIGNING_KEYS)) {
        const problem = productionSecretProblem(secret);
        if (problem) ctx.addIssue({ code: 'custom', path: ['TOKEN_SIGNING_KEYS'], message: `key ${kid} ${problem}` });
      }
    }
  })
  .transform((c) => ({ ...c, TOKEN_KEY_ID: c.TOKEN_KEY_ID ?? Object.keys(c.TOKEN_SIGNING_KEYS)[0]! }));

export type QueueConfig = z.output<typeof configSchema>;

export const readConfig = (source: NodeJS.ProcessEnv): QueueConfig => loadConfig(configSchema, source);
