/** A mistake in how the command was called (bad option value, missing argument): exit code 2. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

/** The failure is already explained on the terminal (e.g. doctor's report): exit 1, print nothing more. */
export class ReportedFailure extends Error {
  constructor(message = 'failed') {
    super(message);
    this.name = 'ReportedFailure';
  }
}

/** Exit code for an error that ends the command: 2 for usage errors, 1 for everything else. */
export function exitCodeOf(error: unknown): number {
  return error instanceof UsageError ? 2 : 1;
}

/**
 * The error as one line for `switchyard: <line>`: multi-line messages (a config file's list of
 * problems) are joined, and an error's cause is appended when it says more (a failed migration's
 * SQL error, a refused connection).
 */
export function oneLineMessage(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  const cause = error instanceof Error && error.cause instanceof Error ? error.cause.message : undefined;
  const parts = [message, ...(cause === undefined || message.includes(cause) ? [] : [cause])];
  return parts
    .map((part) => collapse(part))
    .filter((part) => part !== '')
    .join(': ');
}

function collapse(text: string): string {
  return text
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '')
    .join(' ');
}
