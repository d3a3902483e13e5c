// Turns the measurements into the printed table, latest.md and latest.json.
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';

const LABELS = {
  direct: '(a) nginx direct',
  proxy: '(b) Node pass-through',
  switchyard: '(c) Switchyard',
};
const STREAM_LABELS = { ...LABELS, switchyard: '(d) Switchyard streaming' };

const fmt = (value, digits = 2) => (value === undefined || Number.isNaN(value) ? '–' : value.toFixed(digits));
const int = (value) => (value === undefined || Number.isNaN(value) ? '–' : Math.round(value).toLocaleString('en-US'));
const pct = (value) => (value === undefined || Number.isNaN(value) ? '–' : `${(value * 100).toFixed(0)}%`);

function table(header, rows) {
  const lines = [`| ${header.join(' | ')} |`, `|${header.map((_, i) => (i === 0 ? ':---' : '---:')).join('|')}|`];
  for (const row of rows) lines.push(`| ${row.join(' | ')} |`);
  return lines.join('\n');
}

/** Added latency, ratios and the two target checks, from raw results keyed by target name. */
export function derive(results) {
  const direct = results.direct;
  const out = { json: {}, stream: {} };
  for (const [name, r] of Object.entries(results)) {
    out.json[name] = {
      addedP50Ms: r.json && direct?.json ? r.json.c1.p50Ms - direct.json.c1.p50Ms : undefined,
      rpsVsDirect: r.json && direct?.json ? r.json.c16.rps / direct.json.c16.rps : undefined,
    };
    out.stream[name] = {
      addedTtfbP50Ms: r.stream && direct?.stream ? r.stream.client.ttfbP50Ms - direct.stream.client.ttfbP50Ms : undefined,
      addedTotalP50Ms: r.stream && direct?.stream ? r.stream.client.totalP50Ms - direct.stream.client.totalP50Ms : undefined,
      rpsVsDirect: r.stream && direct?.stream ? r.stream.c16.rps / direct.stream.c16.rps : undefined,
    };
  }
  const checks = [];
  const sy = results.switchyard?.json;
  const px = results.proxy?.json;
  if (sy && px) {
    const ratio = sy.c16.rps / px.c16.rps;
    checks.push({
      name: 'throughput',
      pass: ratio >= 0.5,
      text: `(c) req/s at 16 connections = ${int(sy.c16.rps)} = ${pct(ratio)} of (b) ${int(px.c16.rps)} (target ≥ 50%)`,
    });
    const syAdded = out.json.switchyard.addedP50Ms;
    const pxAdded = out.json.proxy.addedP50Ms;
    checks.push({
      name: 'added-latency',
      pass: syAdded <= 2 * pxAdded,
      text: `(c) added p50 at 1 connection = ${fmt(syAdded, 3)} ms vs 2 × (b) ${fmt(pxAdded, 3)} ms = ${fmt(2 * pxAdded, 3)} ms (${fmt(syAdded / pxAdded, 1)}×; target ≤ 2×)`,
    });
  }
  return { ...out, checks };
}

function errorsCell(...runs) {
  const total = runs.reduce((sum, run) => sum + (run?.errors ?? 0), 0);
  return total === 0 ? '0' : `**${total}**`;
}

function recordLines(switchyard) {
  const line = (label, phase) =>
    phase?.records ? `- ${label}: key spend grew by ≈ ${int(phase.records.costed)} requests' cost; the load generators completed ${int(phase.records.sent)} requests.` : undefined;
  const lines = [line('non-streaming', switchyard?.json), line('streaming', switchyard?.stream)].filter(Boolean);
  return lines.length === 0 ? [] : ['Generation records (usage.cost per request × count, read back from GET /api/v1/key):', '', ...lines, ''];
}

function perRoundLines(perRound) {
  if (perRound.length === 0) return [];
  return ['Per round:', '', ...perRound.map((d, i) => `- round ${i + 1}: ${d.checks.map((c) => `${c.pass ? 'PASS' : 'FAIL'} ${c.text}`).join('; ')}`), ''];
}

function logLines(gatewayLog = []) {
  if (gatewayLog.length === 0) return ['Gateway log: no warnings or errors.', ''];
  const merged = new Map();
  for (const { process, level, message, count } of gatewayLog) {
    const key = `${process} ${level}: ${message}`;
    merged.set(key, (merged.get(key) ?? 0) + count);
  }
  return ['Gateway log (warn and above, all rounds):', '', ...[...merged].map(([key, count]) => `- ${count} × ${key}`), ''];
}

export function renderMarkdown({ meta, results, derived, perRound = [] }) {
  const names = Object.keys(results);
  const jsonRows = names
    .filter((n) => results[n].json)
    .map((n) => {
      const { c16, c1 } = results[n].json;
      const d = derived.json[n];
      return [LABELS[n], int(c16.rps), pct(d.rpsVsDirect), fmt(c16.p50Ms), fmt(c16.p99Ms), fmt(c1.p50Ms, 3), fmt(c1.p99Ms, 3), n === 'direct' ? '–' : fmt(d.addedP50Ms, 3), int(c1.rps), errorsCell(c16, c1)];
    });
  const streamRows = names
    .filter((n) => results[n].stream)
    .map((n) => {
      const { c16, client } = results[n].stream;
      const d = derived.stream[n];
      return [STREAM_LABELS[n], int(c16.rps), pct(d.rpsVsDirect), fmt(c16.p50Ms), fmt(client.ttfbP50Ms, 3), fmt(client.ttfbP99Ms, 3), fmt(client.totalP50Ms, 3), fmt(client.totalP99Ms, 3), n === 'direct' ? '–' : fmt(d.addedTtfbP50Ms, 3), n === 'direct' ? '–' : fmt(d.addedTotalP50Ms, 3), errorsCell(c16)];
    });
  const s = meta.settings;
  const parts = [
    `# Switchyard benchmark — ${meta.date}`,
    '',
    `${meta.cpus} × ${meta.cpuModel}, Node ${meta.node}, ${meta.nginx}, ${meta.wrk}. wrk ${s.durationS} s per run after ${s.warmupS} s warm-up, ${s.wrkThreads} wrk thread(s), ${s.nginxWorkers} nginx worker(s); everything on one machine, so read ratios, not absolute numbers.` +
      `${s.rounds > 1 ? ` Every number is the median of ${s.rounds} rounds (targets interleaved per round).` : ''} Load average before/after: ${meta.loadavg.before.map((l) => l.toFixed(2)).join(' ')} / ${meta.loadavg.after.map((l) => l.toFixed(2)).join(' ')}.`,
    '',
    '## Non-streaming (POST /chat/completions, recorded 2.7 KB completion)',
    '',
    table(['target', 'req/s @16', 'vs (a)', 'p50 @16 ms', 'p99 @16 ms', 'p50 @1 ms', 'p99 @1 ms', 'added p50 @1 ms', 'req/s @1', 'errors'], jsonRows),
    '',
    `## Streaming (recorded 300-chunk SSE, ${int(results.direct?.stream?.client.bytes)} bytes direct)`,
    '',
    `TTFB = request start → first body byte; total = → last byte. ${s.streamRequests} sequential requests on one keep-alive connection after ${s.streamWarmup} warm-up requests.`,
    '',
    table(['target', 'req/s @16', 'vs (a)', 'p50 @16 ms', 'TTFB p50 ms', 'TTFB p99 ms', 'total p50 ms', 'total p99 ms', 'added TTFB p50', 'added total p50', 'errors'], streamRows),
    '',
    ...recordLines(results.switchyard),
    '## Targets',
    '',
    ...(derived.checks.length === 0 ? ['(not checked: Switchyard or the pass-through proxy was not measured)'] : derived.checks.map((c) => `- ${c.pass ? 'PASS' : 'FAIL'}: ${c.text}`)),
    '',
    ...perRoundLines(perRound),
    ...logLines(meta.gatewayLog),
  ];
  return parts.join('\n');
}

export function writeResults(dir, report) {
  mkdirSync(dir, { recursive: true });
  const markdown = renderMarkdown(report);
  writeFileSync(path.join(dir, 'latest.md'), markdown);
  const strip = (key, value) => (key === 'output' ? undefined : value);
  writeFileSync(path.join(dir, 'latest.json'), `${JSON.stringify(report, strip, 2)}\n`);
  return markdown;
}
