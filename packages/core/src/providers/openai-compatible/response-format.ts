import type { ChatCompletionRequest } from '@switchyard/protocol';
import { GatewayError } from '../../errors/gateway-error.js';
import type { OpenAiCompatibleFlavor } from './flavor.js';
import { flavorCapabilities } from './flavor-capabilities.js';

/**
 * A `response_format` type the flavor declares unsupported (Perplexity `json_object`, DeepSeek
 * `json_schema`) is a clear 400 naming the vendor, rather than the vendor's own vaguer 400 or an
 * answer that silently ignores the format. (Routing already drops a format the endpoint's
 * `supported_parameters` exclude; this catches endpoints configured with more than the vendor takes.)
 */
export function checkResponseFormat(request: ChatCompletionRequest, flavor: OpenAiCompatibleFlavor, provider: string): void {
  const type = request.response_format?.type;
  if (type !== 'json_object' && type !== 'json_schema') return;
  if (flavorCapabilities(flavor)[type] !== 'unsupported') return;
  const other = type === 'json_object' ? 'json_schema' : 'json_object';
  const hint = flavorCapabilities(flavor)[other] === 'unsupported' ? '' : ` (it takes ${other})`;
  throw new GatewayError('invalid_request', `${provider}: response_format ${type} is not supported by this provider${hint}`, { provider });
}
