// The stand-in upstream: nginx on loopback answering with recorded OpenAI traffic.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import process from 'node:process';
import { waitForHttp } from './util.mjs';

const FIXTURES = '/work/shared/fixtures/openai/vercel-ai/openai-chat';
export const JSON_FIXTURE = path.join(FIXTURES, 'openai-text.json');
export const CHUNKS_FIXTURE = path.join(FIXTURES, 'openai-text.chunks.txt');

/** Non-streaming paths answer with the recorded chat completion; `/sse/v1/...` with the recorded stream. */
export const JSON_PATH = '/v1/chat/completions';
export const SSE_PATH = '/sse/v1/chat/completions';

/** The recorded chunks re-framed as the SSE body OpenAI sends: `data: <json>\n\n` … `data: [DONE]\n\n`. */
export function recordedSseBody() {
  const lines = readFileSync(CHUNKS_FIXTURE, 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '');
  return `${lines.map((line) => `data: ${line}\n\n`).join('')}data: [DONE]\n\n`;
}

export function recordedJsonBody() {
  return readFileSync(JSON_FIXTURE, 'utf8');
}

/** A single-quoted nginx string (the config parser understands \\ \' \n \r \t). */
function nginxString(text) {
  if (text.includes('$')) throw new Error('the recorded body contains "$", which nginx would read as a variable');
  const escaped = text.replaceAll('\\', '\\\\').replaceAll("'", "\\'").replaceAll('\n', '\\n').replaceAll('\r', '\\r');
  return `'${escaped}'`;
}

/**
 * The JSON answer is inlined with `return 200` (works for any method). The SSE body (~100 KB) is
 * longer than one nginx config token may be (4 KB), so it is a static file; static files refuse
 * POST with 405, which `error_page 405 =200 $uri` turns into the file with status 200.
 */
function nginxConfig({ dir, port, workers, sseFile }) {
  const user = typeof process.getuid === 'function' && process.getuid() === 0 ? 'user root;\n' : '';
  return `${user}worker_processes ${workers};
daemon off;
pid ${dir}/nginx.pid;
error_log ${dir}/error.log warn;
events { worker_connections 4096; }
http {
  access_log off;
  client_body_temp_path ${dir}/tmp-body;
  proxy_temp_path ${dir}/tmp-proxy;
  fastcgi_temp_path ${dir}/tmp-fastcgi;
  uwsgi_temp_path ${dir}/tmp-uwsgi;
  scgi_temp_path ${dir}/tmp-scgi;
  keepalive_requests 100000000;
  keepalive_timeout 300s;
  server_tokens off;
  server {
    listen 127.0.0.1:${port} backlog=4096;
    location = ${JSON_PATH} {
      default_type application/json;
      return 200 ${nginxString(recordedJsonBody())};
    }
    location = ${SSE_PATH} {
      default_type text/event-stream;
      alias ${sseFile};
      error_page 405 =200 $uri;
    }
    location = /health { default_type text/plain; return 200 'ok'; }
  }
}
`;
}

/** Writes the config into `dir` and starts nginx in the foreground as a child of the bench. */
export async function startNginx(children, { nginxBin, dir, port, workers }) {
  mkdirSync(dir, { recursive: true });
  const sseFile = path.join(dir, 'openai-text.sse');
  writeFileSync(sseFile, recordedSseBody());
  const confFile = path.join(dir, 'nginx.conf');
  writeFileSync(confFile, nginxConfig({ dir, port, workers, sseFile }));
  const entry = children.start('nginx', nginxBin, ['-p', dir, '-c', confFile, '-e', path.join(dir, 'error.log')]);
  await waitForHttp(`http://127.0.0.1:${port}/health`, entry);
  return {
    entry,
    jsonUrl: `http://127.0.0.1:${port}${JSON_PATH}`,
    sseUrl: `http://127.0.0.1:${port}${SSE_PATH}`,
    jsonBaseUrl: `http://127.0.0.1:${port}/v1`,
    sseBaseUrl: `http://127.0.0.1:${port}/sse/v1`,
  };
}
