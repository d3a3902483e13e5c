import type { IncomingMessage } from 'node:http';
import { GatewayError, safeParseJson } from '@switchyard/core';

/** Reads the request body up to `limit` bytes and parses it as JSON (413 / 400 otherwise). */
export async function readJsonBody(incoming: IncomingMessage, limit: number): Promise<unknown> {
  const declared = Number(incoming.headers['content-length'] ?? Number.NaN);
  if (declared > limit) throw tooLarge(limit);
  const text = await readText(incoming, limit);
  if (text.length === 0) throw new GatewayError('invalid_request', 'Request body is empty; expected a JSON object');
  const parsed = safeParseJson(text);
  if (!parsed.ok) throw new GatewayError('invalid_request', `Request body is not valid JSON: ${parsed.error.message}`);
  return parsed.value;
}

/** Event listeners rather than an async iterator: measurably cheaper per request on the hot path. */
function readText(incoming: IncomingMessage, limit: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        cleanup();
        incoming.resume();
        reject(tooLarge(limit));
        return;
      }
      chunks.push(chunk);
    };
    const onEnd = () => {
      cleanup();
      resolve(chunks.length === 1 ? (chunks[0] as Buffer).toString('utf8') : Buffer.concat(chunks).toString('utf8'));
    };
    const onError = (error: Error) => {
      cleanup();
      reject(new GatewayError('invalid_request', 'The request body could not be read', { cause: error }));
    };
    const onClose = () => {
      cleanup();
      reject(new GatewayError('client_closed', 'The client closed the connection while sending the body.'));
    };
    const cleanup = () => {
      incoming.off('data', onData);
      incoming.off('end', onEnd);
      incoming.off('error', onError);
      incoming.off('close', onClose);
    };
    incoming.on('data', onData);
    incoming.once('end', onEnd);
    incoming.once('error', onError);
    incoming.once('close', onClose);
  });
}

function tooLarge(limit: number): GatewayError {
  return new GatewayError('payload_too_large', `Request payload too large (limit ${limit} bytes)`, {
    metadata: { limit_bytes: limit },
  });
}
