// Sequential streaming requests on one keep-alive connection: time to first body byte and total time.
import { Buffer } from 'node:buffer';
import http from 'node:http';
import { performance } from 'node:perf_hooks';
import { URL } from 'node:url';

function oneRequest(agent, target, payload) {
  return new Promise((resolve, reject) => {
    const url = new URL(target.url);
    const started = performance.now();
    let firstByte;
    let bytes = 0;
    let tail = '';
    const req = http.request(
      {
        agent,
        host: url.hostname,
        port: url.port,
        path: url.pathname,
        method: 'POST',
        headers: { 'content-type': 'application/json', 'content-length': payload.length, ...target.headers },
      },
      (res) => {
        res.on('data', (chunk) => {
          if (firstByte === undefined) firstByte = performance.now();
          bytes += chunk.length;
          tail = (tail + chunk.toString('latin1')).slice(-64);
        });
        res.once('error', reject);
        res.once('end', () => {
          const ended = performance.now();
          if (res.statusCode !== 200) return reject(new Error(`${target.name}: status ${res.statusCode}`));
          if (!tail.includes('[DONE]')) return reject(new Error(`${target.name}: stream did not end with [DONE]`));
          resolve({ ttfbMs: (firstByte ?? ended) - started, totalMs: ended - started, bytes });
        });
      },
    );
    req.once('error', reject);
    req.end(payload);
  });
}

function percentile(sorted, p) {
  if (sorted.length === 0) return Number.NaN;
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[index];
}

/** `target`: { name, url, headers, body }. Runs `warmup` unmeasured requests, then `count` measured ones. */
export async function measureStream(target, { count, warmup }) {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  const payload = Buffer.from(JSON.stringify(target.body));
  try {
    for (let i = 0; i < warmup; i += 1) await oneRequest(agent, target, payload);
    const samples = [];
    for (let i = 0; i < count; i += 1) samples.push(await oneRequest(agent, target, payload));
    const ttfb = samples.map((s) => s.ttfbMs).sort((a, b) => a - b);
    const total = samples.map((s) => s.totalMs).sort((a, b) => a - b);
    return {
      count,
      ttfbP50Ms: percentile(ttfb, 50),
      ttfbP99Ms: percentile(ttfb, 99),
      totalP50Ms: percentile(total, 50),
      totalP99Ms: percentile(total, 99),
      bytes: samples[0]?.bytes ?? 0,
    };
  } finally {
    agent.destroy();
  }
}
