import { parsePricing, type Endpoint } from '@switchyard/core';

/**
 * A free endpoint of the model `test/m` served by `providerId` (upstream model `m`, 1000 tokens of
 * context, no parameters, no data collection), for tests of the executor and its steps;
 * `overrides` replace any field.
 */
export function testEndpoint(providerId: string, overrides: Partial<Endpoint> = {}): Endpoint {
  return {
    id: `m@${providerId}`,
    modelId: 'test/m',
    providerId,
    providerName: providerId,
    upstreamModel: 'm',
    pricingStrings: { prompt: '0', completion: '0' },
    pricing: parsePricing({ prompt: '0', completion: '0' }),
    contextLength: 1000,
    maxCompletionTokens: null,
    supportedParameters: new Set<string>(),
    quantization: null,
    dataPolicy: { training: false, retainsPrompts: false, zdr: false },
    ...overrides,
  };
}
