#!/usr/bin/env node
// Self time per function, per file and per area from a V8 .cpuprofile (node --cpu-prof).
//   node bench/cpuprofile-summary.mjs <file.cpuprofile> [top=15]
import { readFileSync } from 'node:fs';
import path from 'node:path';
import process from 'node:process';
import { fileURLToPath } from 'node:url';
import { REPO_DIR } from './lib/util.mjs';

const SPECIAL = new Set(['(program)', '(garbage collector)', '(idle)', '(root)']);

function shortUrl(url) {
  if (url === '') return '';
  let p = url.startsWith('file://') ? fileURLToPath(url) : url;
  const nm = p.lastIndexOf('/node_modules/');
  if (nm >= 0) return p.slice(nm + 1);
  if (p.startsWith(REPO_DIR + path.sep)) p = p.slice(REPO_DIR.length + 1);
  return p;
}

/** Where a file belongs: a node_modules package, a workspace package, Node internals, or V8 itself. */
function areaOf(url, functionName) {
  if (url === '') return SPECIAL.has(functionName) ? functionName : '(native / V8 builtins)';
  const file = shortUrl(url);
  if (file.startsWith('node:')) return 'node: internals';
  const nm = file.match(/^node_modules\/((?:@[^/]+\/)?[^/]+)/);
  if (nm) return `npm: ${nm[1]}`;
  const ws = file.match(/^packages\/([^/]+)\//);
  if (ws) return `@switchyard/${ws[1]}`;
  return file;
}

/** Self milliseconds per node id: the time until the next sample is charged to the sampled node. */
function selfTimes(profile) {
  const self = new Map();
  const { samples, timeDeltas } = profile;
  for (let i = 0; i < samples.length; i += 1) {
    const dt = (timeDeltas[i + 1] ?? 0) / 1000;
    self.set(samples[i], (self.get(samples[i]) ?? 0) + dt);
  }
  return self;
}

function top(map, n, busyMs) {
  return [...map.entries()]
    .sort((a, b) => b[1] - a[1])
    .slice(0, n)
    .map(([key, ms]) => ({ key, ms, pct: (100 * ms) / busyMs }));
}

export function summarizeProfile(profile, n = 15) {
  const self = selfTimes(profile);
  const byFunction = new Map();
  const byFile = new Map();
  const byArea = new Map();
  let totalMs = 0;
  let idleMs = 0;
  for (const node of profile.nodes) {
    const ms = self.get(node.id) ?? 0;
    if (ms === 0) continue;
    totalMs += ms;
    const { functionName, url, lineNumber } = node.callFrame;
    if (functionName === '(idle)') {
      idleMs += ms;
      continue;
    }
    const file = shortUrl(url);
    const fn = `${functionName || '(anonymous)'}${file ? ` ${file}:${lineNumber + 1}` : ''}`;
    byFunction.set(fn, (byFunction.get(fn) ?? 0) + ms);
    const fileKey = file || (SPECIAL.has(functionName) ? functionName : '(native / V8 builtins)');
    byFile.set(fileKey, (byFile.get(fileKey) ?? 0) + ms);
    const area = areaOf(url, functionName);
    byArea.set(area, (byArea.get(area) ?? 0) + ms);
  }
  const busyMs = totalMs - idleMs;
  return { totalMs, idleMs, busyMs, functions: top(byFunction, n, busyMs), files: top(byFile, n, busyMs), areas: top(byArea, n, busyMs) };
}

export function renderSummary(summary) {
  const rows = (list) => list.map((r, i) => `| ${i + 1} | ${r.key.replaceAll('|', '\\|')} | ${r.ms.toFixed(0)} | ${r.pct.toFixed(1)}% |`).join('\n');
  const head = (what) => `| # | ${what} | self ms | % of busy |\n|---:|:---|---:|---:|`;
  return [
    `Profile: ${(summary.totalMs / 1000).toFixed(1)} s sampled, ${(summary.idleMs / 1000).toFixed(1)} s idle, ${(summary.busyMs / 1000).toFixed(1)} s busy (percentages are of busy time).`,
    '',
    '### Top functions by self time',
    '',
    head('function (file:line)'),
    rows(summary.functions),
    '',
    '### Top files by self time',
    '',
    head('file'),
    rows(summary.files),
    '',
    '### By area',
    '',
    head('area'),
    rows(summary.areas),
    '',
  ].join('\n');
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const [file, n] = process.argv.slice(2);
  if (file === undefined) {
    process.stderr.write('usage: node bench/cpuprofile-summary.mjs <file.cpuprofile> [top]\n');
    process.exit(2);
  }
  const profile = JSON.parse(readFileSync(file, 'utf8'));
  process.stdout.write(renderSummary(summarizeProfile(profile, n === undefined ? 15 : Number(n))));
}
