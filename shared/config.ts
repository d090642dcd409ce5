// Configuration comes from the environment, read once per cold start. A
// missing variable fails loudly at the first use of the module that needs it,
// never with a silent default.

export class ConfigurationError extends Error {
  override name = 'ConfigurationError';
}

export function requireEnv(name: string): string {
  const value = process.env[name];
  if (value === undefined || value === '') {
    throw new ConfigurationError(`Missing environment variable ${name}`);
  }
  return value;
}

/** Reads a variable lazily (at first call) and caches it. */
export function envGetter(name: string): () => string {
  let cached: string | undefined;
  return () => (cached ??= requireEnv(name));
}
