import path from 'node:path';
import { createOpenAiCompatibleAdapter, OPENAI_COMPATIBLE_FLAVORS } from '@switchyard/core';
import { SPECS_DIR } from '@switchyard/test-support';
import { describeAgainstMock } from './prism-suite.js';

const flavor = OPENAI_COMPATIBLE_FLAVORS['mistral'];
if (flavor === undefined) throw new Error('the mistral flavor is missing');

// Mistral's spec keys its paths with /v1, like the bundled base URL https://api.mistral.ai/v1.
describeAgainstMock('Mistral (openai-compatible, flavor mistral)', {
  spec: path.join(SPECS_DIR, 'mistral', 'openapi.yaml'),
  paths: ['/v1/chat/completions'],
  basePath: '/v1',
  targets: [
    { adapter: createOpenAiCompatibleAdapter(flavor), name: 'Mistral', model: 'mistral-large-latest', reasoningModel: 'magistral-medium-latest' },
  ],
  canaries: [{ name: 'chat completion', path: '/v1/chat/completions', body: { model: 'mistral-large-latest', messages: 'not a list' } }],
});
