import type { z } from 'zod';

/** A configuration problem, told in one line that names the variable. */
export class ConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ConfigError';
  }
}

/**
 * Validates `env` against `schema`; throws ConfigError naming the first bad or missing variable. The
 * value is never shown: the message lands in container logs, and the variable may hold a secret.
 */
export function loadConfig<S extends z.ZodType>(schema: S, env: NodeJS.ProcessEnv): z.output<S> {
  const result = schema.safeParse(env);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const name = issue?.path.join('.') || 'environment';
  const shown = env[name] === undefined ? 'missing' : 'value not shown';
  throw new ConfigError(`invalid configuration: ${name} ${issue?.message ?? 'is invalid'} (${shown})`);
}

/** For main.ts: print the one-line error and exit, instead of a stack trace. */
export function loadConfigOrExit<S extends z.ZodType>(schema: S, env: NodeJS.ProcessEnv): z.output<S> {
  try {
    return loadConfig(schema, env);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    process.stderr.write(`${error.message}\n`);
    process.exit(1);
  }
}
