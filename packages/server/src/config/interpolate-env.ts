import { ConfigError } from './config-error.js';

const PLACEHOLDER = /\$\{([A-Za-z_][A-Za-z0-9_]*)\}/g;

/** Replaces `${NAME}` with the environment value; an unset variable is an error naming the field. */
export function interpolateEnv(value: string, field: string, env: NodeJS.ProcessEnv): string {
  return value.replace(PLACEHOLDER, (_match, name: string) => {
    const resolved = env[name];
    if (resolved === undefined || resolved === '') {
      throw new ConfigError(`${field}: environment variable ${name} is not set`);
    }
    return resolved;
  });
}
