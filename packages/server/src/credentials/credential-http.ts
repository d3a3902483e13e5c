/** One request to a credential endpoint (STS, IMDS, container, metadata server). */
export interface CredentialRequest {
  readonly url: string;
  readonly method: 'GET' | 'PUT' | 'POST';
  readonly headers?: Readonly<Record<string, string>>;
  readonly body?: string;
  readonly timeoutMs: number;
}

export interface CredentialResponse {
  readonly status: number;
  readonly headers: Readonly<Record<string, string>>;
  readonly text: string;
}

/**
 * Plain HTTP for credential endpoints, which UpstreamHttp (POST-only, for provider APIs) does not
 * cover: GET and PUT, small bodies read whole, a short timeout. Rejects on transport failures and
 * timeouts (callers decide what that means); any HTTP status resolves.
 */
export interface CredentialHttp {
  request(request: CredentialRequest): Promise<CredentialResponse>;
}

/** The CredentialHttp of the running gateway: Node's fetch, no redirects followed. */
export const fetchCredentialHttp: CredentialHttp = {
  async request(request) {
    const response = await fetch(request.url, {
      method: request.method,
      headers: request.headers ?? {},
      ...(request.body === undefined ? {} : { body: request.body }),
      redirect: 'manual',
      signal: AbortSignal.timeout(request.timeoutMs),
    });
    const headers: Record<string, string> = {};
    response.headers.forEach((value, name) => (headers[name] = value));
    return { status: response.status, headers, text: await response.text() };
  },
};

/** Why a request or file read failed: "connect ECONNREFUSED …" (a fetch rejection's cause), "ENOENT: …". */
export function errorReason(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const cause: unknown = error.cause;
  if (cause instanceof Error && cause.message !== '') return cause.message;
  return error.message;
}
