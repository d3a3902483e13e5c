import { connect } from 'node:net';

const SERVICES = [
  { name: 'PostgreSQL', host: '127.0.0.1', port: 5432 },
  { name: 'Redis', host: '127.0.0.1', port: 6379 },
];

function reachable(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host, port, timeout: 2000 });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
    socket.once('timeout', () => {
      socket.destroy();
      resolve(false);
    });
  });
}

/**
 * Vitest global setup. Under CI=true the scale-out services must be up: a missing PostgreSQL or
 * Redis fails the run instead of letting their suites skip.
 */
export default async function setup(): Promise<void> {
  if (process.env['CI'] !== 'true') return;
  const missing: string[] = [];
  for (const service of SERVICES) {
    if (!(await reachable(service.host, service.port))) missing.push(`${service.name} (${service.host}:${service.port})`);
  }
  if (missing.length > 0) {
    throw new Error(`CI=true but these services are not reachable: ${missing.join(', ')}. Start them before running the tests.`);
  }
}
