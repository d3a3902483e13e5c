import type { ActivityRow } from '@switchyard/core';
import { describe, expect, it } from 'vitest';
import { activityCsv, activityQuery, activityWindow, presentActivity, wantsCsv } from './activity-report.js';

const DAY = 86_400_000;
const NOW = new Date('2025-08-31T15:00:00.000Z');
const TODAY = Date.UTC(2025, 7, 31);

const ROW: ActivityRow = {
  day: Date.UTC(2025, 7, 24) / DAY,
  model: 'openai/gpt-4.1',
  providerId: 'openai',
  providerName: 'OpenAI',
  requests: 5,
  promptTokens: 50,
  completionTokens: 125,
  reasoningTokens: 25,
  costMicro: 15_000 as ActivityRow['costMicro'],
  byokUpstreamMicro: 12_000 as ActivityRow['byokUpstreamMicro'],
};

describe('activityWindow', () => {
  it('covers the 30 completed UTC days and today so far', () => {
    expect(activityWindow(NOW, undefined)).toEqual([TODAY - 30 * DAY, NOW.getTime() + 1]);
  });

  it('narrows to one day inside the window and refuses others', () => {
    expect(activityWindow(NOW, '2025-08-24')).toEqual([Date.UTC(2025, 7, 24), Date.UTC(2025, 7, 25)]);
    expect(activityWindow(NOW, '2025-08-01')).toEqual([TODAY - 30 * DAY, TODAY - 29 * DAY]);
    for (const bad of ['2025-07-31', '2025-09-01', '2025-02-30', '24-08-2025', '2025-8-1']) {
      expect(() => activityWindow(NOW, bad), bad).toThrow(/^date: /);
    }
  });
});

describe('activityQuery', () => {
  const window = [1, 2] as const;
  const none = { keyId: undefined, userId: undefined };

  it('an account scope takes the filters as given', () => {
    const scope = { kind: 'account', accountId: 'a' } as const;
    expect(activityQuery(scope, window, none)).toEqual({ accountId: 'a', from: 1, to: 2 });
    expect(activityQuery(scope, window, { keyId: 'k', userId: 'u' })).toEqual({ accountId: 'a', from: 1, to: 2, keyId: 'k', creatorUserId: 'u' });
  });

  it('a narrower scope is never widened by a filter', () => {
    const member = { kind: 'creator', accountId: 'a', userId: 'u' } as const;
    expect(activityQuery(member, window, none)).toEqual({ accountId: 'a', from: 1, to: 2, creatorUserId: 'u' });
    expect(activityQuery(member, window, { keyId: 'k', userId: undefined })).toEqual({ accountId: 'a', from: 1, to: 2, keyId: 'k', creatorUserId: 'u' });
    expect(activityQuery(member, window, { keyId: undefined, userId: 'other' })).toBeUndefined();
    const key = { kind: 'key', accountId: 'a', keyId: 'k' } as const;
    expect(activityQuery(key, window, none)).toEqual({ accountId: 'a', from: 1, to: 2, keyId: 'k' });
    expect(activityQuery(key, window, { keyId: 'k2', userId: undefined })).toBeUndefined();
    expect(activityQuery(key, window, { keyId: undefined, userId: 'u' })).toEqual({ accountId: 'a', from: 1, to: 2, keyId: 'k', creatorUserId: 'u' });
  });
});

describe('presentActivity and CSV', () => {
  it('presents the spec example row', () => {
    expect(presentActivity(ROW)).toEqual({
      date: '2025-08-24',
      model: 'openai/gpt-4.1',
      model_permaslug: 'openai/gpt-4.1',
      endpoint_id: 'openai/gpt-4.1@openai',
      provider_name: 'OpenAI',
      usage: 0.015,
      byok_usage_inference: 0.012,
      requests: 5,
      prompt_tokens: 50,
      completion_tokens: 125,
      reasoning_tokens: 25,
    });
  });

  it('writes a header and one quoted-when-needed line per item, defusing spreadsheet formulas', () => {
    const odd = presentActivity({ ...ROW, model: 'x/"a,b"', providerName: '=HYPERLINK("x")' });
    expect(activityCsv([presentActivity(ROW), odd]).split('\r\n')).toEqual([
      'date,model,model_permaslug,endpoint_id,provider_name,requests,prompt_tokens,completion_tokens,reasoning_tokens,usage,byok_usage_inference',
      '2025-08-24,openai/gpt-4.1,openai/gpt-4.1,openai/gpt-4.1@openai,OpenAI,5,50,125,25,0.015,0.012',
      '2025-08-24,"x/""a,b""","x/""a,b""","x/""a,b""@openai","\'=HYPERLINK(""x"")",5,50,125,25,0.015,0.012',
      '',
    ]);
    expect(activityCsv([])).toBe('date,model,model_permaslug,endpoint_id,provider_name,requests,prompt_tokens,completion_tokens,reasoning_tokens,usage,byok_usage_inference\r\n');
  });

  it('answers CSV for format=csv or an Accept that wants CSV only', () => {
    expect(wantsCsv('csv', undefined)).toBe(true);
    expect(wantsCsv('json', 'text/csv')).toBe(false);
    expect(wantsCsv(undefined, 'text/csv')).toBe(true);
    expect(wantsCsv(undefined, 'application/json, text/csv')).toBe(false);
    expect(wantsCsv(undefined, undefined)).toBe(false);
    expect(() => wantsCsv('xml', undefined)).toThrow(/^format: /);
  });
});
