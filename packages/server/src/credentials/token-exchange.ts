import { asNumber, asString, asRecord, GatewayError, safeParseJson, type UpstreamHttp, type UpstreamResponse } from '@switchyard/core';

export const JWT_BEARER_GRANT = 'urn:ietf:params:oauth:grant-type:jwt-bearer';
/** Used when the token endpoint omits `expires_in` (Google's tokens live one hour). */
const DEFAULT_EXPIRES_IN_S = 3600;

export interface MintedToken {
  readonly accessToken: string;
  readonly expiresInMs: number;
}

export interface ExchangeInput {
  readonly tokenUri: string;
  readonly assertion: string;
  /** Display name of the provider the token is for (error messages). */
  readonly provider: string;
  readonly timeoutMs: number;
  readonly signal: AbortSignal;
}

/** A form POST to a Google token endpoint: the grant's fields and what they stand for (error messages). */
export interface FormExchangeInput extends Omit<ExchangeInput, 'assertion'> {
  readonly form: Readonly<Record<string, string>>;
  /** e.g. "the service-account credentials", "the authorized_user refresh token". */
  readonly credentials: string;
}

/** The JWT bearer grant of a service account (RFC 7523). */
export function exchangeJwt(http: UpstreamHttp, input: ExchangeInput): Promise<MintedToken> {
  const { assertion, ...rest } = input;
  return exchangeForm(http, { ...rest, form: { grant_type: JWT_BEARER_GRANT, assertion }, credentials: 'the service-account credentials' });
}

/**
 * POSTs a grant to the token endpoint (application/x-www-form-urlencoded) through the UpstreamHttp
 * port. 4xx (invalid_grant, invalid_client, …) → upstream_auth_failed; 5xx and transport failures →
 * upstream_unavailable; a 200 without a token → upstream_bad_response.
 */
export async function exchangeForm(http: UpstreamHttp, input: FormExchangeInput): Promise<MintedToken> {
  const body = new URLSearchParams({ ...input.form }).toString();
  const response = await send(http, body, input);
  const text = await response.text();
  const parsed = safeParseJson(text);
  const json = parsed.ok ? asRecord(parsed.value) : undefined;
  if (response.status < 200 || response.status >= 300) throw exchangeError(response.status, json, text, input);
  const accessToken = asString(json?.['access_token']);
  if (accessToken === undefined || accessToken === '') {
    throw new GatewayError('upstream_bad_response', `${input.provider}: the Google token endpoint answered without an access_token`, {
      provider: input.provider,
      upstreamStatus: response.status,
    });
  }
  const expiresIn = asNumber(json?.['expires_in']) ?? DEFAULT_EXPIRES_IN_S;
  return { accessToken, expiresInMs: expiresIn * 1000 };
}

function exchangeError(status: number, json: Record<string, unknown> | undefined, text: string, input: FormExchangeInput): GatewayError {
  const { provider } = input;
  const error = asString(json?.['error']);
  const description = asString(json?.['error_description']);
  const detail = [error, description].filter((part) => part !== undefined).join(': ');
  const code = status >= 400 && status < 500 && status !== 408 && status !== 429 ? 'upstream_auth_failed' : 'upstream_unavailable';
  const reason = detail === '' ? `HTTP ${status}` : `HTTP ${status} ${detail}`;
  const what = code === 'upstream_auth_failed' ? `refused ${input.credentials}` : 'failed';
  return new GatewayError(code, `${provider}: the Google token endpoint ${what} (${reason})`, {
    provider,
    upstreamStatus: status,
    ...(error === undefined ? {} : { providerCode: error }),
    raw: json ?? text.slice(0, 500),
  });
}

/** Transport failures that are not already GatewayErrors (UpstreamHttp's contract) become upstream_unavailable. */
async function send(http: UpstreamHttp, body: string, input: FormExchangeInput): Promise<UpstreamResponse> {
  try {
    return await http.send(
      {
        url: input.tokenUri,
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
        body,
        framing: 'json',
      },
      { signal: input.signal, timeoutMs: input.timeoutMs, provider: input.provider },
    );
  } catch (error) {
    if (GatewayError.is(error)) throw error;
    throw new GatewayError('upstream_unavailable', `${input.provider}: cannot reach the Google token endpoint`, {
      provider: input.provider,
      cause: error,
    });
  }
}
