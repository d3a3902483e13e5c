/** The real gateway in-process (packages/server's e2e harness) and SDK clients pointed at it. */
import { Switchyard, type ClientOptions } from '../src/index.js';
import { API_KEY, PROVISIONING_KEY, startTestGateway, type TestGateway, type TestGatewayOptions } from '../../server/test/support/harness.js';

export { FIXTURES } from '../../server/test/support/fixture-bodies.js';
export { API_KEY, PROVISIONING_KEY, startTestGateway, type TestGateway, type TestGatewayOptions };

/** An inference-key client (maxRetries 0 unless given: the fake upstream scripts each answer). */
export function userClient(t: TestGateway, options: ClientOptions = {}): Switchyard {
  return new Switchyard({ apiKey: API_KEY, baseURL: t.baseURL, maxRetries: 0, ...options });
}

/** A management-key client for /keys, /guardrails, /byok, /credits, /organization. */
export function adminClient(t: TestGateway, options: ClientOptions = {}): Switchyard {
  return new Switchyard({ apiKey: PROVISIONING_KEY, baseURL: t.baseURL, maxRetries: 0, ...options });
}
