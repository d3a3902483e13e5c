import type { EndpointHealth, EndpointSample, EndpointStats, HealthView } from '../ports/endpoint-stats.js';
import { EndpointWindow } from './endpoint-window.js';
import { DEFAULT_HEALTH, type HealthConfig } from './health-config.js';

/** What an endpoint nobody has tried yet looks like: healthy, no data. */
export const UNKNOWN_HEALTH: EndpointHealth = {
  breaker: 'closed',
  recentlyFailing: false,
  uptimeLast5m: null,
  uptimeLast30m: null,
  uptimeLast1d: null,
  latencyLast30m: null,
  throughputLast30m: null,
};

/**
 * In-process endpoint stats (the default adapter). Pure: no timers, time comes from the dates passed
 * in. Memory is bounded: fixed-size rings per endpoint and at most `maxEndpoints` endpoints (the least
 * recently used is dropped beyond that).
 */
export class MemoryEndpointStats implements EndpointStats {
  private readonly endpoints = new Map<string, EndpointWindow>();

  constructor(private readonly config: HealthConfig = DEFAULT_HEALTH) {}

  view(now: Date): HealthView {
    const nowMs = now.getTime();
    const seen = new Map<string, EndpointHealth>();
    return {
      get: (endpointId) => {
        const known = seen.get(endpointId);
        if (known !== undefined) return known;
        const health = this.endpoints.get(endpointId)?.health(nowMs) ?? UNKNOWN_HEALTH;
        seen.set(endpointId, health);
        return health;
      },
    };
  }

  admit(endpointId: string, now: Date): boolean {
    const window = this.endpoints.get(endpointId);
    return window === undefined ? true : window.breaker.admit(now.getTime());
  }

  record(sample: EndpointSample): void {
    this.touch(sample.endpointId).record(sample);
  }

  private touch(endpointId: string): EndpointWindow {
    let window = this.endpoints.get(endpointId);
    if (window === undefined) window = new EndpointWindow(this.config);
    else this.endpoints.delete(endpointId);
    this.endpoints.set(endpointId, window);
    if (this.endpoints.size > this.config.maxEndpoints) {
      const oldest = this.endpoints.keys().next();
      if (oldest.done !== true) this.endpoints.delete(oldest.value);
    }
    return window;
  }
}
