import type { HttpRequestSpec } from '../providers/provider-adapter.js';

export interface UpstreamResponse {
  readonly status: number;
  /** Lower-cased header names. */
  readonly headers: Readonly<Record<string, string>>;
  /** The body as it arrives. Transport failures while reading throw GatewayError. */
  readonly body: AsyncIterable<Uint8Array>;
  /** The whole body as text (JSON answers and error bodies). */
  text(): Promise<string>;
}

export interface SendOptions {
  readonly signal: AbortSignal;
  /** Time allowed for the response headers, and for each gap between body chunks. */
  readonly timeoutMs: number;
  /** Provider display name, for error messages and metadata. */
  readonly provider: string;
}

/**
 * The one door to the network for provider calls. Implementations reject with GatewayError:
 * upstream_unavailable (connection failures), upstream_timeout, client_closed (signal aborted).
 */
export interface UpstreamHttp {
  send(spec: HttpRequestSpec, options: SendOptions): Promise<UpstreamResponse>;
}
