#!/usr/bin/env node
// CPU profile of the gateway (or the pass-through proxy) under a 16-connection wrk run.
//   npx tsc -b && node bench/profile.mjs [--target switchyard|proxy] [--stream] [--top 15]
// Writes bench/results/profile-<target>[-stream].md and the raw .cpuprofile (open it in Chrome DevTools).
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import process from 'node:process';
import { parseArgs } from 'node:util';
import { renderSummary, summarizeProfile } from './cpuprofile-summary.mjs';
import { startNginx } from './lib/nginx.mjs';
import { startSwitchyard } from './lib/switchyard.mjs';
import { API_KEY, BENCH_DIR, ChildSet, REQUEST_BODY, RESULTS_DIR, STREAM_REQUEST_BODY, benchSettings, freePort, log, waitForHttp, which } from './lib/util.mjs';
import { verifyJson, verifyStream } from './lib/verify.mjs';
import { runWrk, writeWrkScript } from './lib/wrk.mjs';

const { values } = parseArgs({
  options: {
    target: { type: 'string', default: 'switchyard' },
    stream: { type: 'boolean', default: false },
    top: { type: 'string', default: '15' },
  },
});
if (!['switchyard', 'proxy'].includes(values.target)) throw new Error('--target must be switchyard or proxy');

async function startTarget(children, dir, nginx, profDir) {
  const nodeArgs = ['--cpu-prof', '--cpu-prof-dir', profDir];
  const body = values.stream ? STREAM_REQUEST_BODY : REQUEST_BODY;
  if (values.target === 'switchyard') {
    const baseUrl = values.stream ? nginx.sseBaseUrl : nginx.jsonBaseUrl;
    const gateway = await startSwitchyard(children, { name: 'switchyard', dir: path.join(dir, 'switchyard'), baseUrl, nodeArgs });
    return { entry: gateway.entry, target: { name: 'switchyard', url: gateway.url, body, headers: { Authorization: `Bearer ${API_KEY}` } } };
  }
  const port = await freePort();
  const script = path.join(BENCH_DIR, 'passthrough-proxy.mjs');
  const entry = children.start('proxy', process.execPath, [...nodeArgs, script, '--port', String(port), '--json-url', nginx.jsonUrl, '--sse-url', nginx.sseUrl]);
  await waitForHttp(`http://127.0.0.1:${port}/health`, entry);
  return { entry, target: { name: 'proxy', url: `http://127.0.0.1:${port}/v1/chat/completions`, body, headers: {} } };
}

async function main() {
  const nginxBin = which('nginx');
  const wrkBin = which('wrk');
  if (nginxBin === undefined || wrkBin === undefined) {
    process.stderr.write('profile: nginx and wrk are required. Install with:\n\n  sudo apt-get install -y nginx wrk\n');
    process.exit(2);
  }
  const settings = benchSettings();
  const dir = mkdtempSync(path.join(os.tmpdir(), 'switchyard-profile-'));
  const profDir = path.join(dir, 'cpuprofile');
  mkdirSync(profDir);
  const children = new ChildSet();
  try {
    const nginx = await startNginx(children, { nginxBin, dir: path.join(dir, 'nginx'), port: await freePort(), workers: settings.nginxWorkers });
    const { entry, target } = await startTarget(children, dir, nginx, profDir);
    const verified = values.stream ? await verifyStream(target, { requireCost: target.name === 'switchyard' }) : await verifyJson(target, { requireCost: target.name === 'switchyard' });
    log(`verified ${target.name}: ${verified.bytes} bytes`);
    const script = writeWrkScript(dir, 'profile', target);
    const base = { wrkBin, url: target.url, script, threads: settings.wrkThreads, connections: settings.connections };
    if (settings.warmupS > 0) await runWrk({ ...base, durationS: settings.warmupS });
    const run = await runWrk({ ...base, durationS: settings.durationS });
    log(`${target.name}${values.stream ? ' stream' : ''} @${settings.connections}: ${run.rps.toFixed(0)} req/s, p50 ${run.p50Ms.toFixed(2)} ms, errors ${run.errors}`);
    await children.stop(entry, 'SIGINT', 30_000);
    const file = readdirSync(profDir).find((f) => f.endsWith('.cpuprofile'));
    if (file === undefined) throw new Error(`no .cpuprofile written in ${profDir} (did the process exit cleanly?)`);
    const label = `${target.name}${values.stream ? '-stream' : ''}`;
    mkdirSync(RESULTS_DIR, { recursive: true });
    copyFileSync(path.join(profDir, file), path.join(RESULTS_DIR, `profile-${label}.cpuprofile`));
    const summary = summarizeProfile(JSON.parse(readFileSync(path.join(profDir, file), 'utf8')), Number(values.top));
    const markdown = [
      `# CPU profile: ${label} — ${new Date().toISOString()}`,
      '',
      `wrk ${settings.connections} connections, ${settings.durationS} s after ${settings.warmupS} s warm-up (the profile also covers start-up and warm-up): ${run.rps.toFixed(0)} req/s, p50 ${run.p50Ms.toFixed(2)} ms, ${run.errors} errors. Profiling slows the process; compare shapes, not rates.`,
      '',
      renderSummary(summary),
    ].join('\n');
    writeFileSync(path.join(RESULTS_DIR, `profile-${label}.md`), markdown);
    process.stdout.write(`${markdown}\nWritten to bench/results/profile-${label}.md and .cpuprofile\n`);
  } finally {
    await children.stopAll();
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((error) => {
  process.stderr.write(`profile failed: ${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
