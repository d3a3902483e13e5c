import type { APIPromise } from '../core/api-promise.js';
import type { RequestOptions } from '../core/options.js';
import { createPkcePair, type PkcePair } from '../helpers/pkce.js';
import type { CreateAuthCodeParams, CreateAuthCodeResponse, ExchangeAuthCodeParams, ExchangeAuthCodeResponse } from '../types/account.js';
import { APIResource } from './resource.js';

export interface AuthorizationUrlParams {
  callback_url?: string;
  code_challenge?: string;
  code_challenge_method?: 'S256' | 'plain';
  limit?: number;
  key_label?: string;
}

/** OAuth PKCE: codes for apps, and their exchange for an API key. */
export class OAuth extends APIResource {
  /** A fresh PKCE verifier and its S256 challenge. */
  createPkcePair(): Promise<PkcePair> {
    return createPkcePair();
  }

  /** The consent page URL (`/auth?…` at the gateway's origin) to send the user to. */
  createAuthorizationUrl(params: AuthorizationUrlParams): string {
    const url = new URL('/auth', this.client.baseURL);
    for (const [name, value] of Object.entries(params)) {
      if (value !== undefined) url.searchParams.set(name, String(value));
    }
    return url.toString();
  }

  /** A code issued straight through the API, approved by the calling management key. */
  createAuthCode(params: CreateAuthCodeParams, options?: RequestOptions): APIPromise<CreateAuthCodeResponse> {
    return this.client.request({ method: 'POST', path: '/auth/keys/code', body: params }, options);
  }

  /** Trades the code (and its PKCE verifier) for a new API key; needs no API key itself. */
  exchangeAuthCodeForApiKey(params: ExchangeAuthCodeParams, options?: RequestOptions): APIPromise<ExchangeAuthCodeResponse> {
    return this.client.request({ method: 'POST', path: '/auth/keys', body: params }, options);
  }
}
