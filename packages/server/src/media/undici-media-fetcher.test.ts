import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { classifyAddress } from './address-classifier.js';
import type { Resolver } from './guarded-lookup.js';
import { DEFAULT_MEDIA_SETTINGS, type MediaSettings } from './media-settings.js';
import { UndiciMediaFetcher } from './undici-media-fetcher.js';
import { gatewayFailure } from '@switchyard/test-support';

const PNG = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 1, 2, 3]);
const PDF = Buffer.from('%PDF-1.4\n%test\n');

type Route = (req: IncomingMessage, res: ServerResponse) => void;

let server: Server;
let port = 0;
const seen: string[] = [];
const routes: Record<string, Route> = {
  '/cat.png': (_req, res) => res.writeHead(200, { 'content-type': 'image/png; charset=binary' }).end(PNG),
  '/doc': (_req, res) => res.writeHead(200, { 'content-type': 'application/octet-stream' }).end(PDF),
  '/r1': (_req, res) => res.writeHead(302, { location: '/r2' }).end(),
  '/r2': (_req, res) => res.writeHead(301, { location: `http://127.0.0.1:${port}/cat.png` }).end(),
  '/to-ftp': (_req, res) => res.writeHead(302, { location: 'ftp://127.0.0.1/x' }).end(),
  '/to-other-loopback': (_req, res) => res.writeHead(307, { location: `http://127.0.0.2:${port}/cat.png` }).end(),
  '/to-evil-name': (_req, res) => res.writeHead(308, { location: `http://evil.test:${port}/cat.png` }).end(),
  '/big': (_req, res) => res.writeHead(200, { 'content-type': 'image/png', 'content-length': '4096' }).end(Buffer.alloc(4096)),
  '/big-chunked': (_req, res) => {
    res.writeHead(200, { 'content-type': 'image/png' });
    for (let i = 0; i < 8; i++) res.write(Buffer.alloc(512));
    res.end();
  },
  '/hang': (_req, res) => res.writeHead(200, { 'content-type': 'image/png' }).write(PNG.subarray(0, 4)),
  '/missing': (_req, res) => res.writeHead(404).end('nope'),
};

beforeAll(async () => {
  server = createServer((req, res) => {
    seen.push(`${req.headers.host ?? ''}${req.url ?? ''}`);
    const route = routes[req.url ?? ''];
    if (route === undefined) res.writeHead(500).end();
    else route(req, res);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as AddressInfo).port;
});

const fetchers: UndiciMediaFetcher[] = [];

afterAll(async () => {
  await Promise.all(fetchers.map((f) => f.close()));
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

const signal = new AbortController().signal;
/** Fixed DNS answers: no real resolver is asked. */
const resolver: Resolver = (hostname) => {
  const table: Record<string, string> = { 'media.test': '127.0.0.1', 'evil.test': '127.0.0.2' };
  const address = table[hostname];
  return address === undefined
    ? Promise.reject(Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname}`), { code: 'ENOTFOUND' }))
    : Promise.resolve([{ address, family: 4 }]);
};
/** Treats 127.0.0.1 as public so redirects from the fake server can be tested; everything else as usual. */
const onlyFirstLoopbackIsPublic = (address: string) => (address === '127.0.0.1' ? 'public' : classifyAddress(address));

function fetcher(settings: Partial<MediaSettings> = {}, open = true): UndiciMediaFetcher {
  const created = new UndiciMediaFetcher(
    { ...DEFAULT_MEDIA_SETTINGS, allowPrivateAddresses: open, ...settings },
    { resolve: resolver, ...(open ? {} : { policy: onlyFirstLoopbackIsPublic }) },
  );
  fetchers.push(created);
  return created;
}

const failure = gatewayFailure;

const url = (path: string, host = '127.0.0.1') => `http://${host}:${port}${path}`;

describe('UndiciMediaFetcher', () => {
  it('downloads the bytes with the media type of the Content-Type header', async () => {
    const media = await fetcher().fetch(url('/cat.png'), { signal });
    expect(media).toEqual({ mediaType: 'image/png', data: PNG.toString('base64') });
  });

  it('sniffs the type when the header is generic', async () => {
    expect((await fetcher().fetch(url('/doc'), { signal })).mediaType).toBe('application/pdf');
  });

  it('connects to the address its own lookup resolved (a name only the injected resolver knows)', async () => {
    const media = await fetcher().fetch(url('/cat.png', 'media.test'), { signal });
    expect(media.data).toBe(PNG.toString('base64'));
  });

  it('follows redirects, re-checking each hop, up to the limit', async () => {
    expect((await fetcher().fetch(url('/r1'), { signal })).mediaType).toBe('image/png');
    const error = await failure(fetcher({ maxRedirects: 1 }).fetch(url('/r1'), { signal }));
    expect(error.message).toBe(`Could not download ${url('/r1')}: more than 1 redirects`);
    expect((await failure(fetcher().fetch(url('/to-ftp'), { signal }))).message).toMatch(/ftp: URLs are not fetched$/);
  });

  it('answers HTTP errors, oversize bodies and slow servers with invalid_request naming the URL', async () => {
    const missing = await failure(fetcher().fetch(url('/missing'), { signal }));
    expect([missing.code, missing.status, missing.message, missing.options.metadata]).toEqual([
      'invalid_request',
      400,
      `Could not download ${url('/missing')}: the server answered HTTP 404`,
      { media_url: url('/missing') },
    ]);
    const big = await failure(fetcher({ maxBytes: 1024 }).fetch(url('/big'), { signal }));
    expect(big.message).toMatch(/it is 4096 bytes, more than the 1024-byte limit$/);
    const chunked = await failure(fetcher({ maxBytes: 1024 }).fetch(url('/big-chunked'), { signal }));
    expect(chunked.message).toMatch(/it is more than the 1024-byte limit$/);
    const override = await failure(fetcher().fetch(url('/big'), { signal, maxBytes: 100 }));
    expect(override.message).toMatch(/more than the 100-byte limit$/);
    const slow = await failure(fetcher({ timeoutMs: 200 }).fetch(url('/hang'), { signal }));
    expect(slow.message).toBe(`Could not download ${url('/hang')}: no complete answer within 200 ms`);
  });

  it('names the transport failure when nothing listens', async () => {
    const error = await failure(fetcher().fetch('http://127.0.0.1:1/x.png', { signal }));
    expect(error.message).toBe('Could not download http://127.0.0.1:1/x.png: the connection failed (ECONNREFUSED)');
  });

  it('is client_closed when the caller aborts', async () => {
    const controller = new AbortController();
    const pending = fetcher().fetch(url('/hang'), { signal: controller.signal });
    setTimeout(() => controller.abort(), 50);
    expect((await failure(pending)).code).toBe('client_closed');
  });
});

describe('UndiciMediaFetcher SSRF guard', () => {
  it('refuses loopback by default, by literal address and by a name that resolves to it, before connecting', async () => {
    const strict = new UndiciMediaFetcher(DEFAULT_MEDIA_SETTINGS, { resolve: resolver });
    const before = seen.length;
    const literal = await failure(strict.fetch(url('/cat.png'), { signal }));
    expect(literal.message).toBe(
      `Could not download ${url('/cat.png')}: 127.0.0.1 is a loopback address, which the gateway does not fetch from`,
    );
    const named = await failure(strict.fetch(url('/cat.png', 'media.test'), { signal }));
    expect(named.code).toBe('invalid_request');
    expect(named.message).toBe(
      `Could not download ${url('/cat.png', 'media.test')}: media.test resolves to 127.0.0.1, a loopback address, which the gateway does not fetch from`,
    );
    const ipv6 = await failure(strict.fetch(`http://[::ffff:169.254.169.254]/latest/meta-data`, { signal }));
    expect(ipv6.message).toMatch(/::ffff:a9fe:a9fe is a link-local address/);
    expect(seen.length).toBe(before);
    await strict.close();
  });

  it('re-checks redirect targets: a literal or a name pointing at a blocked address is refused', async () => {
    const guarded = fetcher({}, false);
    expect((await guarded.fetch(url('/cat.png'), { signal })).mediaType).toBe('image/png');
    const literal = await failure(guarded.fetch(url('/to-other-loopback'), { signal }));
    expect(literal.message).toMatch(/: 127\.0\.0\.2 is a loopback address/);
    const named = await failure(guarded.fetch(url('/to-evil-name'), { signal }));
    expect(named.message).toMatch(/: evil\.test resolves to 127\.0\.0\.2, a loopback address/);
    expect(seen.filter((entry) => entry.startsWith('127.0.0.2') || entry.startsWith('evil.test'))).toEqual([]);
  });

  it('refuses schemes other than http and https', async () => {
    const error = await failure(fetcher().fetch('file:///etc/passwd', { signal }));
    expect(error.message).toBe('Could not download file:///etc/passwd: file: URLs are not fetched');
  });
});
