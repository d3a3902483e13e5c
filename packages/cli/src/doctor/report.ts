/** One line of `switchyard doctor`: ok ✓, warn ! (works, worth a look), fail ✗ (fix it), info - (not configured). */
export interface CheckResult {
  readonly status: 'ok' | 'warn' | 'fail' | 'info';
  readonly name: string;
  readonly detail: string;
  /** What to do about a warning or failure. */
  readonly fix?: string;
}

const MARK: Record<CheckResult['status'], string> = { ok: '✓', warn: '!', fail: '✗', info: '-' };
const NAME_WIDTH = 18;

/** "✓ storage            SQLite …" plus an indented "fix: …" line when there is something to do. */
export function formatCheck(check: CheckResult): string {
  const head = `${MARK[check.status]} ${check.name.padEnd(NAME_WIDTH)} ${check.detail}`.trimEnd();
  return check.fix === undefined ? head : `${head}\n    fix: ${check.fix}`;
}

/** The closing line: all passed, or how many checks failed (and warned). */
export function summarize(checks: readonly CheckResult[]): string {
  const failed = checks.filter((check) => check.status === 'fail').length;
  const warned = checks.filter((check) => check.status === 'warn').length;
  const warnings = warned === 0 ? '' : ` (${String(warned)} warning${warned === 1 ? '' : 's'})`;
  if (failed === 0) return `All checks passed${warnings}.`;
  return `${String(failed)} check${failed === 1 ? '' : 's'} failed${warnings}: fix the lines marked ✗ and run switchyard doctor again.`;
}
