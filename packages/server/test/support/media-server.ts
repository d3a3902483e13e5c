import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

/** Gateway config that lets the media fetcher reach the loopback media server (the SSRF guard blocks private addresses by default). */
export const LOOPBACK_MEDIA_CONFIG = { media: { allow_private_addresses: true, timeout_ms: 5000 } };

export interface MediaAnswer {
  readonly status: number;
  readonly headers: Readonly<Record<string, string>>;
  readonly body?: Buffer | string;
}

export interface MediaServer {
  /** `http://127.0.0.1:<port>`. */
  readonly url: string;
  /** The paths requested so far, in order; clear it with `hits.length = 0`. */
  readonly hits: string[];
  close(): Promise<void>;
}

/** A loopback HTTP server for image and PDF URLs: answers each path in `routes`, anything else 404 "not here". */
export async function startMediaServer(routes: Readonly<Record<string, MediaAnswer>>): Promise<MediaServer> {
  const hits: string[] = [];
  const server = createServer((req, res) => {
    const path = req.url ?? '';
    hits.push(path);
    const answer = routes[path];
    if (answer === undefined) res.writeHead(404).end('not here');
    else res.writeHead(answer.status, answer.headers).end(answer.body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${String((server.address() as AddressInfo).port)}`,
    hits,
    async close() {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}
