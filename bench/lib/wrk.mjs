// Load with wrk: a Lua script sets the POST body and headers and prints a machine-readable summary.
import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import path from 'node:path';

const MARKER = 'BENCH_RESULT ';

function luaLongString(text) {
  if (text.includes(']==]')) throw new Error('body contains "]==]"');
  return `[==[${text}]==]`;
}

/** The Lua script for one target: method, body, headers, and a `done` hook that prints JSON. */
export function writeWrkScript(dir, name, { body, headers }) {
  const lines = ['wrk.method = "POST"', `wrk.body = ${luaLongString(JSON.stringify(body))}`];
  for (const [header, value] of Object.entries({ 'Content-Type': 'application/json', ...headers })) {
    lines.push(`wrk.headers[ ${luaLongString(header)} ] = ${luaLongString(value)}`);
  }
  lines.push(
    'done = function(summary, latency, requests)',
    '  local e = summary.errors',
    `  io.write(string.format("${MARKER}{\\"requests\\":%d,\\"duration_us\\":%d,\\"bytes\\":%d,` +
      '\\"p50_us\\":%d,\\"p90_us\\":%d,\\"p99_us\\":%d,\\"mean_us\\":%.1f,\\"max_us\\":%d,' +
      '\\"errors\\":{\\"connect\\":%d,\\"read\\":%d,\\"write\\":%d,\\"status\\":%d,\\"timeout\\":%d}}\\n",',
    '    summary.requests, summary.duration, summary.bytes,',
    '    latency:percentile(50), latency:percentile(90), latency:percentile(99), latency.mean, latency.max,',
    '    e.connect, e.read, e.write, e.status, e.timeout))',
    'end',
  );
  const file = path.join(dir, `${name}.lua`);
  writeFileSync(file, `${lines.join('\n')}\n`);
  return file;
}

/** Runs wrk once; resolves with requests/s, latency percentiles (ms) and error counts. */
export async function runWrk({ wrkBin, url, script, connections, durationS, threads }) {
  const args = [
    `-t${Math.max(1, Math.min(threads, connections))}`,
    `-c${connections}`,
    `-d${durationS}s`,
    '--timeout',
    '10s',
    '--latency',
    '-s',
    script,
    url,
  ];
  const output = await new Promise((resolve, reject) => {
    const child = spawn(wrkBin, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let text = '';
    child.stdout.on('data', (chunk) => (text += chunk));
    child.stderr.on('data', (chunk) => (text += chunk));
    child.once('error', reject);
    child.once('exit', (code) => (code === 0 ? resolve(text) : reject(new Error(`wrk exited ${code}:\n${text}`))));
  });
  const line = output.split('\n').find((l) => l.startsWith(MARKER));
  if (line === undefined) throw new Error(`wrk printed no summary:\n${output}`);
  const raw = JSON.parse(line.slice(MARKER.length));
  const errors = Object.values(raw.errors).reduce((a, b) => a + b, 0);
  return {
    connections,
    durationS: raw.duration_us / 1e6,
    requests: raw.requests,
    rps: raw.requests / (raw.duration_us / 1e6),
    p50Ms: raw.p50_us / 1000,
    p90Ms: raw.p90_us / 1000,
    p99Ms: raw.p99_us / 1000,
    meanMs: raw.mean_us / 1000,
    maxMs: raw.max_us / 1000,
    mbPerS: raw.bytes / (raw.duration_us / 1e6) / 1e6,
    errors,
    errorDetail: raw.errors,
    output,
  };
}
