import { Agent, createServer, request, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { SpecValidator } from './spec-validator.js';

const ERROR_SCHEMAS: Record<number, string> = {
  400: 'BadRequestResponse',
  401: 'UnauthorizedResponse',
  402: 'PaymentRequiredResponse',
  403: 'ForbiddenResponse',
  404: 'NotFoundResponse',
  408: 'RequestTimeoutResponse',
  413: 'PayloadTooLargeResponse',
  429: 'TooManyRequestsResponse',
  500: 'InternalServerResponse',
  502: 'BadGatewayResponse',
  503: 'ServiceUnavailableResponse',
};

/** The JSON pointer of the inline 200 response schema of `GET <route>` (for routes without a named schema). */
function okResponse(route: string): string {
  return `#/paths/${route.replaceAll('/', '~1')}/get/responses/200/content/application~1json/schema`;
}

/** The JSON pointer of the inline 200 response schema of `POST <route>`. */
function postOkResponse(route: string): string {
  return `#/paths/${route.replaceAll('/', '~1')}/post/responses/200/content/application~1json/schema`;
}

/** Which schema a successful JSON answer on `path` must match, and which part of it. */
function successSchema(path: string): { schema: string; pick: (body: unknown) => unknown } | undefined {
  const whole = (body: unknown) => body;
  const data = (body: unknown) => (body as { data?: unknown }).data;
  if (/\/chat\/completions$/.test(path)) return { schema: 'ChatResult', pick: whole };
  if (/\/models$/.test(path)) return { schema: 'ModelsListResponse', pick: whole };
  if (/\/models\/[^/]+\/[^/]+\/endpoints$/.test(path)) return { schema: 'ListEndpointsResponse', pick: data };
  if (/\/generation$/.test(path)) return { schema: 'GenerationResponse', pick: whole };
  if (/\/v1\/credits$/.test(path)) return { schema: okResponse('/credits'), pick: whole };
  if (/\/providers$/.test(path)) return { schema: okResponse('/providers'), pick: whole };
  if (/\/activity$/.test(path)) return { schema: 'ActivityResponse', pick: whole };
  if (/\/organization\/members$/.test(path)) return { schema: okResponse('/organization/members'), pick: whole };
  if (/\/endpoints\/zdr$/.test(path)) return { schema: okResponse('/endpoints/zdr'), pick: whole };
  if (/\/auth\/keys$/.test(path)) return { schema: postOkResponse('/auth/keys'), pick: whole };
  if (/\/auth\/keys\/code$/.test(path)) return { schema: postOkResponse('/auth/keys/code'), pick: whole };
  return undefined;
}

/**
 * A pass-through proxy in front of the gateway (like `prism proxy --errors`): every answer the
 * clients receive is checked against OpenRouter's OpenAPI contract — JSON bodies, every SSE chunk,
 * and error envelopes. Timing and client aborts pass through unchanged.
 */
export class ValidatingProxy {
  readonly violations: string[] = [];
  /** Answers checked, by schema name (so a test can prove the proxy actually looked). */
  readonly checked = new Map<string, number>();
  private readonly agent = new Agent({ keepAlive: true });

  private constructor(
    private readonly server: Server,
    readonly url: string,
    private readonly target: URL,
    private readonly spec: SpecValidator,
  ) {}

  static async start(target: string, spec: SpecValidator): Promise<ValidatingProxy> {
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    const proxy = new ValidatingProxy(server, `http://127.0.0.1:${port}`, new URL(target), spec);
    server.on('request', (req, res) => proxy.forward(req, res));
    return proxy;
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    this.agent.destroy();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private forward(req: IncomingMessage, res: ServerResponse): void {
    const path = (req.url ?? '/').split('?')[0] ?? '/';
    const upstream = request(
      { host: this.target.hostname, port: this.target.port, method: req.method, path: req.url, headers: req.headers, agent: this.agent },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        res.flushHeaders();
        const chunks: Buffer[] = [];
        answer.on('data', (chunk: Buffer) => {
          chunks.push(chunk);
          res.write(chunk);
        });
        answer.on('end', () => {
          res.end();
          this.check(path, answer, Buffer.concat(chunks).toString('utf8'));
        });
        answer.on('error', () => res.destroy());
      },
    );
    upstream.on('error', () => res.destroy());
    res.on('close', () => {
      if (!res.writableFinished) upstream.destroy();
    });
    req.pipe(upstream);
  }

  private check(path: string, answer: IncomingMessage, text: string): void {
    const status = answer.statusCode ?? 0;
    const type = answer.headers['content-type'] ?? '';
    if (type.includes('text/event-stream')) {
      for (const line of text.split('\n')) {
        if (!line.startsWith('data: ') || line === 'data: [DONE]') continue;
        this.validate('ChatStreamChunk', path, JSON.parse(line.slice(6)) as unknown);
      }
      return;
    }
    if (!type.includes('application/json')) return;
    const body = JSON.parse(text) as unknown;
    if (status >= 200 && status < 300) {
      const expected = successSchema(path);
      if (expected !== undefined) this.validate(expected.schema, path, expected.pick(body));
      return;
    }
    const schema = ERROR_SCHEMAS[status];
    if (schema === undefined) this.violations.push(`${path}: status ${status} has no OpenRouter error schema`);
    else this.validate(schema, path, body);
  }

  private validate(schema: string, path: string, value: unknown): void {
    this.checked.set(schema, (this.checked.get(schema) ?? 0) + 1);
    for (const error of this.spec.errors(schema, value)) this.violations.push(`${path} (${schema}): ${error}`);
  }
}
