#!/usr/bin/env node
// The floor for any Node gateway: node:http in, JSON.parse → JSON.stringify, undici (keep-alive) out,
// JSON.parse → JSON.stringify back. Streaming requests (`"stream": true`) get the upstream SSE piped through.
//
//   node bench/passthrough-proxy.mjs --port 8081 --json-url http://127.0.0.1:8080/v1/chat/completions \
//     --sse-url http://127.0.0.1:8080/sse/v1/chat/completions
import { Buffer } from 'node:buffer';
import http from 'node:http';
import process from 'node:process';
import { pipeline } from 'node:stream/promises';
import { parseArgs } from 'node:util';
import { loadUndici } from './lib/util.mjs';

const { values } = parseArgs({
  options: {
    host: { type: 'string', default: '127.0.0.1' },
    port: { type: 'string', default: '0' },
    'json-url': { type: 'string' },
    'sse-url': { type: 'string' },
  },
});
const jsonUrl = values['json-url'];
const sseUrl = values['sse-url'] ?? jsonUrl;
if (jsonUrl === undefined) throw new Error('--json-url is required');

const { Agent, request } = await loadUndici();
const agent = new Agent({ keepAliveTimeout: 30_000, keepAliveMaxTimeout: 600_000, connections: 256 });

async function readBody(req) {
  const chunks = [];
  for await (const chunk of req) chunks.push(chunk);
  return Buffer.concat(chunks).toString('utf8');
}

function sendJson(res, status, value) {
  const text = JSON.stringify(value);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

async function handle(req, res) {
  if (req.method === 'GET' && req.url === '/health') return sendJson(res, 200, { status: 'ok' });
  if (req.method !== 'POST') return sendJson(res, 404, { error: { message: 'not found' } });
  const body = JSON.parse(await readBody(req));
  const stream = body.stream === true;
  const upstream = await request(stream ? sseUrl : jsonUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
    dispatcher: agent,
  });
  if (!stream) return sendJson(res, upstream.statusCode, JSON.parse(await upstream.body.text()));
  res.writeHead(upstream.statusCode, {
    'content-type': upstream.headers['content-type'] ?? 'text/event-stream',
    'cache-control': 'no-cache',
  });
  await pipeline(upstream.body, res);
}

const server = http.createServer((req, res) => {
  handle(req, res).catch((error) => {
    if (res.headersSent) res.destroy(error);
    else sendJson(res, 502, { error: { message: String(error) } });
  });
});
server.keepAliveTimeout = 300_000;
server.listen(Number(values.port), values.host, () => {
  process.stdout.write(`passthrough proxy listening on http://${values.host}:${server.address().port}\n`);
});
const shutdown = () => {
  server.close();
  server.closeAllConnections();
  agent.close().then(() => process.exit(0));
};
process.once('SIGTERM', shutdown);
process.once('SIGINT', shutdown);
