import { describe, expect, it } from 'vitest';
import { nearestThinkingLevel, thinkingLevelsFor } from './gemini-thinking-levels.js';

describe('thinkingLevelsFor', () => {
  it.each([
    ['gemini-3-pro-preview', ['LOW', 'HIGH']],
    ['gemini-3-flash-preview', ['MINIMAL', 'LOW', 'MEDIUM', 'HIGH']],
    ['gemini-3.1-flash-lite', ['MINIMAL', 'LOW', 'MEDIUM', 'HIGH']],
    ['gemini-3.5-flash', ['MINIMAL', 'LOW', 'MEDIUM', 'HIGH']],
    ['gemini-3.5-flash-lite', ['MINIMAL', 'LOW', 'MEDIUM', 'HIGH']],
    ['gemini-3.1-pro-preview', ['LOW', 'MEDIUM', 'HIGH']],
    ['gemini-3.7-flash', ['LOW', 'MEDIUM', 'HIGH']],
    ['gemini-3.8-flash', ['LOW', 'MEDIUM', 'HIGH']],
    ['gemini-4-argon', ['LOW', 'MEDIUM', 'HIGH']],
    ['gemini-4-argon-cyber-permissive', ['LOW', 'MEDIUM', 'HIGH']],
    // Unknown models never get MINIMAL.
    ['gemini-4-carbon', ['LOW', 'MEDIUM', 'HIGH']],
    ['gemini-3.9-flash', ['LOW', 'MEDIUM', 'HIGH']],
  ])('%s → %j', (model, levels) => {
    expect(thinkingLevelsFor(model)).toEqual(levels);
  });

  it('matches a name only at a boundary (gemini-3-flash is not gemini-3.1-…)', () => {
    expect(thinkingLevelsFor('gemini-3.1-flash-lite-preview')).toContain('MINIMAL');
    expect(thinkingLevelsFor('gemini-3-flashy')).toEqual(['LOW', 'MEDIUM', 'HIGH']);
  });
});

describe('nearestThinkingLevel', () => {
  it.each([
    ['minimal', ['MINIMAL', 'LOW', 'MEDIUM', 'HIGH'], 'MINIMAL'],
    ['minimal', ['LOW', 'MEDIUM', 'HIGH'], 'LOW'],
    ['low', ['LOW', 'MEDIUM', 'HIGH'], 'LOW'],
    ['medium', ['LOW', 'MEDIUM', 'HIGH'], 'MEDIUM'],
    ['medium', ['LOW', 'HIGH'], 'HIGH'],
    ['minimal', ['LOW', 'HIGH'], 'LOW'],
    ['xhigh', ['LOW', 'MEDIUM', 'HIGH'], 'HIGH'],
    ['max', ['MINIMAL', 'LOW', 'MEDIUM', 'HIGH'], 'HIGH'],
  ] as const)('%s on %j → %s', (effort, levels, expected) => {
    expect(nearestThinkingLevel(effort, levels)).toBe(expected);
  });
});
