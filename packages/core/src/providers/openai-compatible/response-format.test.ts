import { parseChatCompletionRequest } from '@switchyard/protocol';
import { describe, expect, it } from 'vitest';
import { GatewayError } from '../../errors/gateway-error.js';
import { OPENAI_COMPATIBLE_FLAVORS } from './flavors.js';
import { checkResponseFormat } from './response-format.js';

function check(id: string, format: Record<string, unknown>): unknown {
  const flavor = OPENAI_COMPATIBLE_FLAVORS[id];
  if (flavor === undefined) throw new Error(`no flavor ${id}`);
  const parsed = parseChatCompletionRequest({ model: 'm', messages: [{ role: 'user', content: 'x' }], response_format: format });
  if (!parsed.ok) throw new Error(parsed.message);
  try {
    checkResponseFormat(parsed.value, flavor, 'Vendor');
    return undefined;
  } catch (error) {
    return error;
  }
}

const jsonSchema = { type: 'json_schema', json_schema: { name: 'x', schema: { type: 'object' } } };

describe('response_format types a flavor declares unsupported', () => {
  it('are a 400 naming the vendor and what it takes instead', () => {
    const error = check('perplexity', { type: 'json_object' });
    expect(GatewayError.is(error) && error.code).toBe('invalid_request');
    expect((error as Error).message).toBe('Vendor: response_format json_object is not supported by this provider (it takes json_schema)');
    expect((check('deepseek', jsonSchema) as Error).message).toBe('Vendor: response_format json_schema is not supported by this provider (it takes json_object)');
  });

  it('pass where declared (and text always does)', () => {
    expect(check('perplexity', jsonSchema)).toBeUndefined();
    expect(check('deepseek', { type: 'json_object' })).toBeUndefined();
    expect(check('perplexity', { type: 'text' })).toBeUndefined();
    expect(check('mistral', { type: 'json_object' })).toBeUndefined();
  });
});
