import { chunksToSse, readFixture, readJsonFixture } from '@switchyard/test-support';

/** Recorded provider answers used by the end-to-end tests (see ../shared/fixtures/INDEX.md). */
export const FIXTURES = {
  openaiText: () => readJsonFixture('openai/vercel-ai/openai-chat/openai-text.json'),
  openaiTextStream: () => `${chunksToSse('openai/vercel-ai/openai-chat/openai-text.chunks.txt')}data: [DONE]\n\n`,
  openaiToolStream: () =>
    readFixture('openai/openai-python/c6aa7e397b7123c3501f25df3a05d4daf7e8ad6d61ffa406ab5361fe36a8d5b1.bin'),
  openaiQuotaError: () => readJsonFixture('openai/vercel-ai/openai-responses/openai-error.1.json'),
  anthropicText: () => readJsonFixture('anthropic/vercel-ai/anthropic-text.json'),
  anthropicStream: () => readFixture('anthropic/anthropic-sdk-typescript/basic_response.txt'),
  anthropicToolStream: () => readFixture('anthropic/anthropic-sdk-typescript/tool_use_response.txt'),
  geminiText: () => readJsonFixture('google/vercel-ai/google-text.json'),
  geminiStream: () => chunksToSse('google/vercel-ai/google-text.chunks.txt'),
  gemini429: () => readJsonFixture('google/vercel-ai/google-429-retry-info.json'),
};
