import type { IncomingMessage } from 'node:http';
import { GatewayError, safeParseJson } from '@switchyard/core';

/** Reads the request body up to `limit` bytes and parses it as JSON (413 / 400 otherwise). */
export async function readJsonBody(incoming: IncomingMessage, limit: number): Promise<unknown> {
  const declared = Number(incoming.headers['content-length'] ?? Number.NaN);
  if (declared > limit) throw tooLarge(limit);
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of incoming as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > limit) throw tooLarge(limit);
    chunks.push(chunk);
  }
  if (size === 0) throw new GatewayError('invalid_request', 'Request body is empty; expected a JSON object');
  const parsed = safeParseJson(chunks.length === 1 ? (chunks[0] as Buffer).toString('utf8') : Buffer.concat(chunks).toString('utf8'));
  if (!parsed.ok) throw new GatewayError('invalid_request', `Request body is not valid JSON: ${parsed.error.message}`);
  return parsed.value;
}

function tooLarge(limit: number): GatewayError {
  return new GatewayError('payload_too_large', `Request payload too large (limit ${limit} bytes)`, {
    metadata: { limit_bytes: limit },
  });
}
