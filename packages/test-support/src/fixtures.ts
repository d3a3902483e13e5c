import { readFileSync } from 'node:fs';
import path from 'node:path';
import { SseDecoder, type StreamFrame } from '@switchyard/core';
import { FIXTURES_DIR } from './shared-dir.js';

/** Path of a recorded fixture, relative to ../shared/fixtures (e.g. "anthropic/vercel-ai/anthropic-text.json"). */
export function fixturePath(relative: string): string {
  return path.join(FIXTURES_DIR, relative);
}

export function readFixture(relative: string): string {
  return readFileSync(fixturePath(relative), 'utf8');
}

export function readJsonFixture(relative: string): unknown {
  return JSON.parse(readFixture(relative)) as unknown;
}

/**
 * A vercel/ai `*.chunks.txt` file (one JSON payload per line) re-framed as the SSE body the
 * provider sent: `data: <line>\n\n` per line (plus `event: <type>` when `eventName` gives one).
 */
export function chunksToSse(relative: string, eventName?: (payload: unknown) => string | undefined): string {
  const lines = readFixture(relative).split('\n').filter((line) => line.trim() !== '');
  return lines
    .map((line) => {
      const event = eventName?.(JSON.parse(line) as unknown);
      return `${event === undefined ? '' : `event: ${event}\n`}data: ${line}\n\n`;
    })
    .join('');
}

/** Runs an SSE body through the real byte-level decoder, split into small chunks like a network would. */
export function sseToFrames(body: string, chunkSize = 37): StreamFrame[] {
  const decoder = new SseDecoder();
  const bytes = new TextEncoder().encode(body);
  const frames: StreamFrame[] = [];
  for (let offset = 0; offset < bytes.length; offset += chunkSize) {
    frames.push(...decoder.push(bytes.subarray(offset, offset + chunkSize)));
  }
  frames.push(...decoder.end());
  return frames;
}

export interface IndexRow {
  /** Path relative to ../shared/fixtures, e.g. "anthropic/vercel-ai/anthropic-text.json". */
  readonly file: string;
  readonly api: string;
  readonly note: string;
}

/** The rows of ../shared/fixtures/INDEX.md for one provider folder ("## anthropic"). */
export function indexRows(provider: string): IndexRow[] {
  const lines = readFixture('INDEX.md').split('\n');
  const start = lines.indexOf(`## ${provider}`);
  if (start === -1) throw new Error(`INDEX.md has no section "## ${provider}"`);
  const rows: IndexRow[] = [];
  for (const line of lines.slice(start + 1)) {
    if (line.startsWith('## ')) break;
    const cells = line.split(' | ');
    const file = /^\| `([^`]+)`/.exec(line)?.[1];
    if (file === undefined) continue;
    rows.push({ file: `${provider}/${file}`, api: cells[2] ?? '', note: (cells[6] ?? '').replace(/\s*\|\s*$/, '') });
  }
  return rows;
}
