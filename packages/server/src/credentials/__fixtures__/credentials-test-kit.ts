import { generateKeyPairSync } from 'node:crypto';
import type { Clock, HttpRequestSpec, ProviderSettings, SendOptions, UpstreamHttp, UpstreamResponse } from '@switchyard/core';

/** Test helpers for the credential source (not used at run time). */

export function rsaKeyPair(): { privateKey: string; publicKey: string } {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  return {
    privateKey: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    publicKey: publicKey.export({ type: 'spki', format: 'pem' }).toString(),
  };
}

export function serviceAccountJson(privateKey: string, tokenUri?: string): string {
  return JSON.stringify({
    type: 'service_account',
    project_id: 'test-project',
    private_key_id: 'key-1',
    private_key: privateKey,
    client_email: 'switchyard@test-project.iam.gserviceaccount.com',
    client_id: '1234567890',
    ...(tokenUri === undefined ? {} : { token_uri: tokenUri }),
  });
}

export function vertexSettings(options: Record<string, string>, id = 'google-vertex'): ProviderSettings {
  return {
    id,
    name: 'Google Vertex',
    baseUrl: 'https://us-central1-aiplatform.googleapis.com/v1/projects/p/locations/us-central1',
    apiKey: undefined,
    headers: {},
    timeoutMs: 5000,
    options,
  };
}

export class FakeClock implements Clock {
  constructor(private ms: number) {}
  now(): Date {
    return new Date(this.ms);
  }
  monotonicMs(): number {
    return this.ms;
  }
  advance(ms: number): void {
    this.ms += ms;
  }
}

export interface ScriptedAnswer {
  readonly status: number;
  readonly body: string;
}

/** An UpstreamHttp that records token requests and answers from a script (or throws). */
export class FakeTokenHttp implements UpstreamHttp {
  readonly requests: { spec: HttpRequestSpec; options: SendOptions }[] = [];
  private readonly script: (() => Promise<ScriptedAnswer>)[] = [];

  answer(status: number, json: unknown): this {
    this.script.push(() => Promise.resolve({ status, body: JSON.stringify(json) }));
    return this;
  }

  /** The next request waits until the returned function is called. */
  deferred(status: number, json: unknown): () => void {
    let release: () => void = () => undefined;
    const gate = new Promise<void>((resolve) => (release = resolve));
    this.script.push(async () => {
      await gate;
      return { status, body: JSON.stringify(json) };
    });
    return () => release();
  }

  fail(error: Error): this {
    this.script.push(() => Promise.reject(error));
    return this;
  }

  async send(spec: HttpRequestSpec, options: SendOptions): Promise<UpstreamResponse> {
    this.requests.push({ spec, options });
    const next = this.script.shift();
    if (next === undefined) throw new Error('FakeTokenHttp: nothing scripted');
    const { status, body } = await next();
    return {
      status,
      headers: { 'content-type': 'application/json' },
      body: (async function* () {
        yield new TextEncoder().encode(body);
      })(),
      text: () => Promise.resolve(body),
    };
  }
}
