import { ERROR_SPECS } from './error-specs.js';

/** docs/errors.md, generated from ERROR_SPECS (a test fails when the checked-in file differs). */
export function renderErrorDocs(): string {
  const rows = Object.entries(ERROR_SPECS).map(
    ([code, spec]) =>
      `| \`${code}\` | ${spec.status} | \`${spec.errorType}\` | ${spec.retryable ? 'yes' : 'no'} | ${spec.fallback ? 'yes' : 'no'} | ${spec.description} |`,
  );
  return [
    '# Error codes',
    '',
    '<!-- Generated from packages/core/src/errors/error-specs.ts by `npm run docs:errors`. Do not edit by hand. -->',
    '',
    'Every error leaves Switchyard in the OpenRouter envelope:',
    '',
    '```json',
    '{"error":{"code":429,"message":"Google AI Studio: You exceeded your current quota…","metadata":{"error_type":"rate_limit_exceeded","error_code":"upstream_rate_limited","provider_name":"Google AI Studio","raw":{…}}}}',
    '```',
    '',
    '`error.code` is the HTTP status. `metadata.error_type` is OpenRouter\'s stable error type, `metadata.error_code` is',
    'Switchyard\'s code below. Provider errors add `provider_name`, `provider_code` when the provider gave one, and `raw`',
    '(the provider\'s own error body). After the first token of a stream, the same object arrives as the `error` of the',
    'last chunk, whose choice has `finish_reason: "error"`.',
    '',
    '*Retry*: the executor retries the same endpoint (with backoff, honouring a short `Retry-After`).',
    '*Fallback*: the executor moves to the next endpoint or model, before the first byte reaches the client.',
    '',
    '| code | HTTP | error_type | retry | fallback | meaning |',
    '|---|---|---|---|---|---|',
    ...rows,
    '',
  ].join('\n');
}
