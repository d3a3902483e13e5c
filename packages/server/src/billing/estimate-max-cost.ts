import type { Endpoint, MicroUsd, PicoUsd, Pricing } from '@switchyard/core';
import type { ChatCompletionRequest } from '@switchyard/protocol';
import { countPromptImages, estimateTokens } from '../chat/chat-context.js';

/** The most a request can cost on one endpoint, and how it splits (picodollars, exact). */
export interface MaxCost {
  readonly endpoint: Endpoint;
  readonly amountMicro: MicroUsd;
  readonly promptTokens: number;
  /** "You requested up to N tokens": `max_completion_tokens` / `max_tokens`, else the endpoint's limit. */
  readonly completionTokens: number;
  /** Everything but the completion: prompt tokens at the dearest input price, images, per-request price. */
  readonly fixedPico: PicoUsd;
  /** Per completion token, at the dearer of the completion and reasoning prices. */
  readonly perCompletionTokenPico: PicoUsd;
}

const PICO_PER_MICRO = 1_000_000n;

function maxPrice(...prices: readonly (PicoUsd | undefined)[]): PicoUsd {
  let max = 0n;
  for (const price of prices) if (price !== undefined && price > max) max = price;
  return max;
}

/** Prompt size as the reservation sees it: messages and tool definitions at 4 characters a token. */
export function estimatePromptTokens(request: ChatCompletionRequest): number {
  const tools = request.tools == null ? 0 : JSON.stringify(request.tools).length;
  return estimateTokens(JSON.stringify(request.messages).length + tools);
}

function completionLimit(request: ChatCompletionRequest, endpoint: Endpoint, promptTokens: number): number {
  const requested = request.max_completion_tokens ?? request.max_tokens ?? undefined;
  const room = Math.max(0, endpoint.contextLength - promptTokens);
  const limits = [requested, endpoint.maxCompletionTokens ?? undefined, room].filter((n): n is number => n !== undefined);
  return Math.min(...limits);
}

function maxCostOn(endpoint: Endpoint, request: ChatCompletionRequest, promptTokens: number, images: number): MaxCost {
  const pricing: Pricing = endpoint.pricing;
  const completionTokens = completionLimit(request, endpoint, promptTokens);
  // Cached prompt tokens can cost more than plain ones (cache writes): take the dearest input price.
  const inputPrice = maxPrice(pricing.prompt, pricing.inputCacheRead, pricing.inputCacheWrite);
  const fixedPico = BigInt(promptTokens) * inputPrice + BigInt(images) * pricing.image + pricing.request;
  const perCompletionTokenPico = maxPrice(pricing.completion, pricing.internalReasoning);
  const totalPico = fixedPico + BigInt(completionTokens) * perCompletionTokenPico;
  const amountMicro = Number((totalPico + PICO_PER_MICRO - 1n) / PICO_PER_MICRO);
  return { endpoint, amountMicro, promptTokens, completionTokens, fixedPico, perCompletionTokenPico };
}

/**
 * The request's maximum cost over the endpoints the router may try (only one of them is billed):
 * what to reserve before the first upstream call. Undefined when every planned endpoint is free.
 */
export function estimateMaxCost(request: ChatCompletionRequest, plan: readonly Endpoint[]): MaxCost | undefined {
  const promptTokens = estimatePromptTokens(request);
  const images = countPromptImages(request);
  let dearest: MaxCost | undefined;
  for (const endpoint of plan) {
    const cost = maxCostOn(endpoint, request, promptTokens, images);
    if (dearest === undefined || cost.amountMicro > dearest.amountMicro) dearest = cost;
  }
  return dearest === undefined || dearest.amountMicro === 0 ? undefined : dearest;
}

/** How many completion tokens `availableMicro` pays for on the dearest endpoint (0 when not even the prompt). */
export function affordableTokens(cost: MaxCost, availableMicro: MicroUsd): number {
  const available = BigInt(Math.max(0, availableMicro)) * PICO_PER_MICRO;
  if (available < cost.fixedPico) return 0;
  if (cost.perCompletionTokenPico === 0n) return cost.completionTokens;
  const tokens = (available - cost.fixedPico) / cost.perCompletionTokenPico;
  return Number(tokens < BigInt(cost.completionTokens) ? tokens : BigInt(cost.completionTokens));
}
