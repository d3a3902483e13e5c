import type { Usage } from '../canonical/canonical-event.js';

/** Integer millionths of a US dollar. All money in Switchyard is this type; never a float. */
export type MicroUsd = number;

/** Integer 10^-12 USD per unit: exact for any decimal price string with up to 12 decimals. */
export type PicoUsd = bigint;

/** Prices as written in config and in OpenRouter's API: decimal USD strings per unit. */
export interface PricingStrings {
  readonly prompt: string;
  readonly completion: string;
  readonly request?: string | undefined;
  readonly image?: string | undefined;
  readonly input_cache_read?: string | undefined;
  readonly input_cache_write?: string | undefined;
  readonly internal_reasoning?: string | undefined;
}

export interface Pricing {
  readonly prompt: PicoUsd;
  readonly completion: PicoUsd;
  readonly request: PicoUsd;
  readonly image: PicoUsd;
  readonly inputCacheRead: PicoUsd | undefined;
  readonly inputCacheWrite: PicoUsd | undefined;
  readonly internalReasoning: PicoUsd | undefined;
}

const DECIMAL = /^(\d+)(?:\.(\d+))?$/;
const PICO_DIGITS = 12;

/** "0.000003" → 3_000_000n picodollars. Throws on anything but a non-negative plain decimal. */
export function parseUsdPrice(text: string): PicoUsd {
  const match = DECIMAL.exec(text.trim());
  if (match === null) throw new Error(`"${text}" is not a non-negative decimal price in USD (e.g. "0.000003")`);
  const whole = match[1] ?? '0';
  const fraction = match[2] ?? '';
  if (fraction.length > PICO_DIGITS && /[1-9]/.test(fraction.slice(PICO_DIGITS))) {
    throw new Error(`"${text}" has more than ${PICO_DIGITS} decimal places`);
  }
  return BigInt(whole) * 10n ** BigInt(PICO_DIGITS) + BigInt(fraction.slice(0, PICO_DIGITS).padEnd(PICO_DIGITS, '0'));
}

/** 3_000_000n → "0.000003" (the inverse of parseUsdPrice, shortest form). */
export function formatUsdPrice(pico: PicoUsd): string {
  const scale = 10n ** BigInt(PICO_DIGITS);
  const whole = pico / scale;
  const fraction = (pico % scale).toString().padStart(PICO_DIGITS, '0').replace(/0+$/, '');
  return fraction === '' ? whole.toString() : `${whole.toString()}.${fraction}`;
}

export function parsePricing(strings: PricingStrings): Pricing {
  const optional = (value: string | undefined): PicoUsd | undefined =>
    value === undefined ? undefined : parseUsdPrice(value);
  return {
    prompt: parseUsdPrice(strings.prompt),
    completion: parseUsdPrice(strings.completion),
    request: optional(strings.request) ?? 0n,
    image: optional(strings.image) ?? 0n,
    inputCacheRead: optional(strings.input_cache_read),
    inputCacheWrite: optional(strings.input_cache_write),
    internalReasoning: optional(strings.internal_reasoning),
  };
}

export interface CostBreakdown {
  readonly prompt: MicroUsd;
  readonly completion: MicroUsd;
  readonly total: MicroUsd;
}

/** Picodollars → microdollars, rounding half up. */
function toMicro(pico: bigint): MicroUsd {
  return Number((pico + 500_000n) / 1_000_000n);
}

export interface CostInput {
  readonly usage: Usage;
  /** Images in the prompt, priced with `pricing.image`. */
  readonly images?: number;
}

/** Cost of one generation from the endpoint's prices and the provider's native token counts. */
export function computeCost(pricing: Pricing, input: CostInput): CostBreakdown {
  const { usage } = input;
  const cached = BigInt(usage.cachedTokens ?? 0);
  const cacheWrite = BigInt(usage.cacheWriteTokens ?? 0);
  const uncached = BigInt(Math.max(0, usage.promptTokens - (usage.cachedTokens ?? 0) - (usage.cacheWriteTokens ?? 0)));
  const promptPico =
    uncached * pricing.prompt +
    cached * (pricing.inputCacheRead ?? pricing.prompt) +
    cacheWrite * (pricing.inputCacheWrite ?? pricing.prompt) +
    BigInt(input.images ?? 0) * pricing.image +
    pricing.request;
  const reasoning = BigInt(Math.min(usage.reasoningTokens ?? 0, usage.completionTokens));
  const completionPico =
    pricing.internalReasoning === undefined
      ? BigInt(usage.completionTokens) * pricing.completion
      : (BigInt(usage.completionTokens) - reasoning) * pricing.completion + reasoning * pricing.internalReasoning;
  const prompt = toMicro(promptPico);
  const completion = toMicro(completionPico);
  return { prompt, completion, total: toMicro(promptPico + completionPico) };
}

export function microToUsd(micro: MicroUsd): number {
  return micro / 1_000_000;
}
