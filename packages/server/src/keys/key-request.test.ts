import { describe, expect, it } from 'vitest';
import { parseCreateKeyRequest } from './key-request.js';

const NOW = new Date('2025-01-01T00:00:00.000Z');

describe('parseCreateKeyRequest: creator_user_id', () => {
  it('takes a user id (membership is checked when the key is created), null or nothing', () => {
    expect(parseCreateKeyRequest({ name: 'k', creator_user_id: 'user_1' }, NOW).creatorUserId).toBe('user_1');
    expect(parseCreateKeyRequest({ name: 'k', creator_user_id: null }, NOW).creatorUserId).toBeUndefined();
    expect(parseCreateKeyRequest({ name: 'k' }, NOW).creatorUserId).toBeUndefined();
  });

  it('refuses anything but a non-empty string, naming the field', () => {
    for (const bad of ['', 42, ['user_1'], { id: 'user_1' }]) {
      expect(() => parseCreateKeyRequest({ name: 'k', creator_user_id: bad }, NOW)).toThrow(/^creator_user_id: /);
    }
  });
});
