import { asNumber, asString, isRecord, safeParseJson, type EndpointSample } from '@switchyard/core';

/** An endpoint sample as one Redis stream field: JSON with the time in epoch milliseconds. */
export function encodeSample(sample: EndpointSample): string {
  return JSON.stringify({ ...sample, at: sample.at.getTime() });
}

/** The sample another process wrote, or undefined when the entry is not one (foreign or corrupt data). */
export function decodeSample(text: string): EndpointSample | undefined {
  const parsed = safeParseJson(text);
  if (!parsed.ok || !isRecord(parsed.value)) return undefined;
  const value = parsed.value;
  const endpointId = asString(value['endpointId']);
  const atMs = asNumber(value['at']);
  if (endpointId === undefined || atMs === undefined) return undefined;
  const at = new Date(atMs);
  switch (value['kind']) {
    case 'success': {
      const firstTokenMs = asNumber(value['firstTokenMs']);
      return firstTokenMs === undefined ? undefined : { kind: 'success', endpointId, at, firstTokenMs };
    }
    case 'failure': {
      const errorCode = asString(value['errorCode']);
      const rateLimited = value['rateLimited'];
      if (errorCode === undefined || typeof rateLimited !== 'boolean') return undefined;
      return { kind: 'failure', endpointId, at, rateLimited, errorCode };
    }
    case 'throughput': {
      const tokensPerSecond = asNumber(value['tokensPerSecond']);
      return tokensPerSecond === undefined ? undefined : { kind: 'throughput', endpointId, at, tokensPerSecond };
    }
    case 'abandoned':
      return { kind: 'abandoned', endpointId, at };
    default:
      return undefined;
  }
}
