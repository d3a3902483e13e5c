import { describe, expect, it } from 'vitest';
import { formatCheck, summarize, type CheckResult } from './report.js';

const ok: CheckResult = { status: 'ok', name: 'storage', detail: 'SQLite /data/switchyard.db: answers' };
const failed: CheckResult = { status: 'fail', name: 'redis', detail: 'does not answer', fix: 'start Redis' };
const warned: CheckResult = { status: 'warn', name: 'provider local', detail: 'no API key', fix: 'set one' };

describe('doctor report', () => {
  it('one line per check with its mark; the fix indented below', () => {
    expect(formatCheck(ok)).toBe('✓ storage            SQLite /data/switchyard.db: answers');
    expect(formatCheck(failed)).toBe('✗ redis              does not answer\n    fix: start Redis');
    expect(formatCheck({ status: 'info', name: 'redis', detail: 'not configured' })).toBe('- redis              not configured');
    expect(formatCheck(warned)).toBe('! provider local     no API key\n    fix: set one');
  });

  it('summarizes failures and warnings', () => {
    expect(summarize([ok])).toBe('All checks passed.');
    expect(summarize([ok, warned])).toBe('All checks passed (1 warning).');
    expect(summarize([failed, failed, warned, warned])).toBe('2 checks failed (2 warnings): fix the lines marked ✗ and run switchyard doctor again.');
    expect(summarize([failed])).toBe('1 check failed: fix the lines marked ✗ and run switchyard doctor again.');
  });
});
