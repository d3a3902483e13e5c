import path from 'node:path';
import { geminiAdapter } from '@switchyard/core';
import { SPECS_DIR } from '@switchyard/test-support';
import { describeAgainstMock } from './prism-suite.js';

// The derived Gemini spec keys its paths with /v1beta, like the bundled base URL.
describeAgainstMock('Google AI Studio (gemini)', {
  spec: path.join(SPECS_DIR, 'gemini', 'gemini.prism.json'),
  paths: ['/v1beta/models/{modelsId}:generateContent', '/v1beta/models/{modelsId}:streamGenerateContent'],
  basePath: '/v1beta',
  targets: [{ adapter: geminiAdapter, name: 'Google AI Studio', model: 'gemini-2.5-flash', reasoningModel: 'gemini-2.5-pro' }],
  canaries: [
    { name: 'generateContent', path: '/v1beta/models/gemini-2.5-flash:generateContent', body: { contents: 'not a list' } },
    { name: 'streamGenerateContent', path: '/v1beta/models/gemini-2.5-flash:streamGenerateContent?alt=sse', body: { contents: 'not a list' } },
  ],
});
