#!/usr/bin/env node
// Switchyard benchmark (npm run bench): nginx direct vs a minimal Node pass-through proxy vs Switchyard,
// non-streaming and streaming, in one run. See bench/README.md.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import process from 'node:process';
import { startNginx } from './lib/nginx.mjs';
import { derive, writeResults } from './lib/report.mjs';
import { measureStream } from './lib/stream-client.mjs';
import { startSwitchyard } from './lib/switchyard.mjs';
import {
  API_KEY,
  BENCH_DIR,
  ChildSet,
  REQUEST_BODY,
  RESULTS_DIR,
  STREAM_REQUEST_BODY,
  benchSettings,
  freePort,
  log,
  waitForHttp,
  which,
} from './lib/util.mjs';
import { keyUsage, verifyGeneration, verifyJson, verifyStream } from './lib/verify.mjs';
import { runWrk, writeWrkScript } from './lib/wrk.mjs';

const ALL_TARGETS = ['direct', 'proxy', 'switchyard'];

function preflight() {
  const nginxBin = which('nginx');
  const wrkBin = which('wrk');
  const missing = [nginxBin === undefined && 'nginx', wrkBin === undefined && 'wrk'].filter(Boolean);
  if (missing.length > 0) {
    process.stderr.write(
      `bench: ${missing.join(' and ')} not found on PATH. Install with:\n\n  sudo apt-get install -y nginx wrk\n\n` +
        '(Debian/Ubuntu; on macOS: brew install nginx wrk). The bench starts its own nginx from a temp config; the system nginx is not used.\n',
    );
    process.exit(2);
  }
  return { nginxBin, wrkBin };
}

/** nginx -v prints to stderr; wrk -v exits 1 after printing its version: take both streams, ignore the code. */
function toolVersion(bin, args) {
  const { stdout, stderr } = spawnSync(bin, args, { encoding: 'utf8' });
  return `${stdout ?? ''}${stderr ?? ''}`.trim();
}

function selectedTargets() {
  const raw = process.env['BENCH_TARGETS'];
  if (raw === undefined || raw === '') return ALL_TARGETS;
  const wanted = raw.split(',').map((s) => s.trim());
  for (const name of wanted) if (!ALL_TARGETS.includes(name)) throw new Error(`BENCH_TARGETS: unknown target "${name}"`);
  return ALL_TARGETS.filter((name) => wanted.includes(name));
}

/** Warm-up, then 16 connections, then 1 connection, against one URL with one Lua script. */
async function loadJson(ctx, target) {
  const script = writeWrkScript(ctx.dir, `${target.name}-json`, target);
  const base = { wrkBin: ctx.wrkBin, url: target.url, script, threads: ctx.settings.wrkThreads };
  const warm = ctx.settings.warmupS > 0 ? await runWrk({ ...base, connections: ctx.settings.connections, durationS: ctx.settings.warmupS }) : undefined;
  const c16 = await runWrk({ ...base, connections: ctx.settings.connections, durationS: ctx.settings.durationS });
  log(`  ${target.name} json @${ctx.settings.connections}: ${c16.rps.toFixed(0)} req/s, p50 ${c16.p50Ms.toFixed(2)} ms, errors ${c16.errors}`);
  const c1 = await runWrk({ ...base, connections: 1, durationS: ctx.settings.durationS });
  log(`  ${target.name} json @1: p50 ${c1.p50Ms.toFixed(3)} ms, p99 ${c1.p99Ms.toFixed(3)} ms, errors ${c1.errors}`);
  return { c16, c1, sent: (warm?.requests ?? 0) + c16.requests + c1.requests };
}

async function loadStream(ctx, target) {
  const script = writeWrkScript(ctx.dir, `${target.name}-stream`, target);
  const base = { wrkBin: ctx.wrkBin, url: target.url, script, threads: ctx.settings.wrkThreads };
  const warm = ctx.settings.warmupS > 0 ? await runWrk({ ...base, connections: ctx.settings.connections, durationS: ctx.settings.warmupS }) : undefined;
  const c16 = await runWrk({ ...base, connections: ctx.settings.connections, durationS: ctx.settings.durationS });
  log(`  ${target.name} stream @${ctx.settings.connections}: ${c16.rps.toFixed(0)} req/s, errors ${c16.errors}`);
  const client = await measureStream(target, { count: ctx.settings.streamRequests, warmup: ctx.settings.streamWarmup });
  log(`  ${target.name} stream @1: TTFB p50 ${client.ttfbP50Ms.toFixed(3)} ms, total p50 ${client.totalP50Ms.toFixed(3)} ms`);
  const sent = (warm?.requests ?? 0) + c16.requests + ctx.settings.streamWarmup + ctx.settings.streamRequests;
  return { c16, client, sent };
}

/**
 * Loads the gateway, then checks that generation records kept up: the verification request's record
 * is readable, and the key's spend grew by about (requests sent × cost of one request).
 */
async function loadGateway(ctx, gateway, t, verified, load) {
  const apiBase = gateway.url.replace(/\/chat\/completions$/, '');
  await verifyGeneration(apiBase, verified.generationId, t.headers);
  const before = await keyUsage(apiBase, t.headers);
  const measured = await load(ctx, t);
  const after = await keyUsage(apiBase, t.headers);
  const records = { sent: measured.sent, costed: Math.round((after - before) / verified.usage.cost) };
  log(`  generation records: ~${records.costed} costed for ${records.sent} requests completed by the load generators`);
  await ctx.children.stop(gateway.entry, 'SIGINT', 30_000);
  writeFileSync(path.join(RESULTS_DIR, `${gateway.entry.name}.log`), gateway.entry.log);
  for (const line of summarizeLog(gateway.entry.log)) {
    log(`  ${gateway.entry.name} logged ${line.count} × ${line.level}: ${line.message}`);
    ctx.logLines.push({ process: gateway.entry.name, ...line });
  }
  return { verified, ...measured, records };
}

/** Warn/error lines of the gateway's JSON log, counted per (level, message). */
function summarizeLog(text) {
  const counts = new Map();
  for (const line of text.split('\n')) {
    if (!line.startsWith('{')) continue;
    let entry;
    try {
      entry = JSON.parse(line);
    } catch (error) {
      entry = { level: 'unparsed', message: `${line.slice(0, 120)} (${error.message})` };
    }
    const key = `${entry.level}\u0000${entry.message}`;
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return [...counts.entries()].map(([key, count]) => {
    const [level, message] = key.split('\u0000');
    return { level, message, count };
  });
}

/** The median of every number across rounds (same-shaped objects); other values from the first round. */
function medianOf(values) {
  const first = values[0];
  if (typeof first === 'number') {
    const sorted = [...values].sort((a, b) => a - b);
    const mid = Math.floor(sorted.length / 2);
    return sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
  }
  if (first === null || typeof first !== 'object' || Array.isArray(first)) return first;
  return Object.fromEntries(Object.keys(first).map((key) => [key, medianOf(values.map((v) => v?.[key]))]));
}

function target(name, url, body, headers = {}) {
  return { name, url, body, headers };
}

async function runJsonPhase(ctx, targets, nginx, proxyUrl) {
  const results = {};
  for (const name of targets) {
    let t;
    let gateway;
    if (name === 'direct') t = target(name, nginx.jsonUrl, REQUEST_BODY);
    if (name === 'proxy') t = target(name, proxyUrl, REQUEST_BODY);
    if (name === 'switchyard') {
      gateway = await startSwitchyard(ctx.children, { name: 'switchyard-json', dir: path.join(ctx.dir, 'switchyard'), baseUrl: nginx.jsonBaseUrl });
      t = target(name, gateway.url, REQUEST_BODY, { Authorization: `Bearer ${API_KEY}` });
    }
    log(`verifying ${name} (json)`);
    const verified = await verifyJson(t, { requireCost: name === 'switchyard' });
    if (!gateway) results[name] = { verified, ...(await loadJson(ctx, t)) };
    else results[name] = await loadGateway(ctx, gateway, t, verified, loadJson);
  }
  return results;
}

async function runStreamPhase(ctx, targets, nginx, proxyUrl) {
  const results = {};
  for (const name of targets) {
    let t;
    let gateway;
    if (name === 'direct') t = target(name, nginx.sseUrl, STREAM_REQUEST_BODY);
    if (name === 'proxy') t = target(name, proxyUrl, STREAM_REQUEST_BODY);
    if (name === 'switchyard') {
      // nginx cannot see "stream": true in the body, so the streaming gateway points at the SSE location.
      gateway = await startSwitchyard(ctx.children, { name: 'switchyard-stream', dir: path.join(ctx.dir, 'switchyard'), baseUrl: nginx.sseBaseUrl });
      t = target(name, gateway.url, STREAM_REQUEST_BODY, { Authorization: `Bearer ${API_KEY}` });
    }
    log(`verifying ${name} (stream)`);
    const verified = await verifyStream(t, { requireCost: name === 'switchyard' });
    if (!gateway) results[name] = { verified, ...(await loadStream(ctx, t)) };
    else results[name] = await loadGateway(ctx, gateway, t, verified, loadStream);
  }
  return results;
}

async function main() {
  const { nginxBin, wrkBin } = preflight();
  const settings = benchSettings();
  const targets = selectedTargets();
  const dir = mkdtempSync(path.join(os.tmpdir(), 'switchyard-bench-'));
  const children = new ChildSet();
  const onSignal = (signal) => {
    log(`${signal}: stopping children`);
    children.stopAll().finally(() => process.exit(130));
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  const ctx = { dir, children, settings, wrkBin, logLines: [] };
  const loadBefore = os.loadavg();
  mkdirSync(RESULTS_DIR, { recursive: true });
  try {
    log(`temp dir ${dir}; targets ${targets.join(', ')}; ${settings.durationS} s runs after ${settings.warmupS} s warm-up`);
    const nginx = await startNginx(children, { nginxBin, dir: path.join(dir, 'nginx'), port: await freePort(), workers: settings.nginxWorkers });
    let proxyUrl;
    if (targets.includes('proxy')) {
      const port = await freePort();
      const proxy = children.start('passthrough-proxy', process.execPath, [
        path.join(BENCH_DIR, 'passthrough-proxy.mjs'),
        '--port', String(port), '--json-url', nginx.jsonUrl, '--sse-url', nginx.sseUrl,
      ]);
      await waitForHttp(`http://127.0.0.1:${port}/health`, proxy);
      proxyUrl = `http://127.0.0.1:${port}/v1/chat/completions`;
    }
    const rounds = [];
    for (let round = 1; round <= settings.rounds; round += 1) {
      if (settings.rounds > 1) log(`round ${round} of ${settings.rounds}`);
      const json = await runJsonPhase(ctx, targets, nginx, proxyUrl);
      const stream = await runStreamPhase(ctx, targets, nginx, proxyUrl);
      rounds.push(Object.fromEntries(targets.map((name) => [name, { json: json[name], stream: stream[name] }])));
    }
    const results = medianOf(rounds);
    const meta = {
      date: new Date().toISOString(),
      cpus: os.cpus().length,
      cpuModel: os.cpus()[0]?.model.trim() ?? 'unknown CPU',
      node: process.version,
      nginx: toolVersion(nginxBin, ['-v']).replace('nginx version: ', ''),
      wrk: toolVersion(wrkBin, ['-v']).split('\n')[0].split(' Copyright')[0],
      settings,
      loadavg: { before: loadBefore, after: os.loadavg() },
      gatewayLog: ctx.logLines,
    };
    const derived = derive(results);
    const perRound = settings.rounds > 1 ? rounds.map((r) => derive(r)) : [];
    const markdown = writeResults(RESULTS_DIR, { meta, results, derived, perRound, rounds });
    process.stdout.write(`\n${markdown}\nWritten to ${path.relative(process.cwd(), RESULTS_DIR)}/latest.md and latest.json\n`);
  } finally {
    await children.stopAll();
    if (process.env['BENCH_KEEP_TMP'] === '1') log(`kept ${dir}`);
    else rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((error) => {
  process.stderr.write(`bench failed: ${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
