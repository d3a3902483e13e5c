import path from 'node:path';
import { createOpenAiCompatibleAdapter, OPENAI_COMPATIBLE_FLAVORS } from '@switchyard/core';
import { SPECS_DIR } from '@switchyard/test-support';
import { describeAgainstMock } from './prism-suite.js';

const flavor = OPENAI_COMPATIBLE_FLAVORS['openai'];
if (flavor === undefined) throw new Error('the openai flavor is missing');

// OpenAI's spec keys its paths without /v1 (`/chat/completions`): the base URL is the mock itself.
describeAgainstMock('OpenAI (openai-compatible, flavor openai)', {
  spec: path.join(SPECS_DIR, 'openai', 'openai.prism.json'),
  paths: ['/chat/completions'],
  basePath: '',
  targets: [{ adapter: createOpenAiCompatibleAdapter(flavor), name: 'OpenAI', model: 'gpt-4o', reasoningModel: 'o3-mini' }],
  canaries: [{ name: 'chat completion', path: '/chat/completions', body: { model: 'gpt-4o', messages: 'not a list' } }],
});
