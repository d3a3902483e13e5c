import { mergeUsage, normalizeFinish, type CanonicalEvent, type FinishReason, type GatewayError, type UsagePatch } from '@switchyard/core';

/** Everything the gateway learns from a response's events that billing and the record need. */
export class ResponseObserver {
  readonly usage: UsagePatch = {};
  upstreamId: string | undefined;
  upstreamModel: string | undefined;
  systemFingerprint: string | undefined;
  serviceTier: string | undefined;
  finishReason: FinishReason | undefined;
  nativeFinishReason: string | undefined;
  error: GatewayError | undefined;
  firstContentAtMs: number | undefined;
  sawUsage = false;
  calledTools = false;
  completionChars = 0;

  observe(event: CanonicalEvent, nowMs: number): void {
    switch (event.type) {
      case 'response-start':
        this.upstreamId ??= event.upstreamId;
        this.upstreamModel ??= event.upstreamModel;
        this.systemFingerprint ??= event.systemFingerprint;
        this.serviceTier ??= event.serviceTier;
        return;
      case 'usage':
        this.sawUsage = true;
        mergeUsage(this.usage, event.usage);
        return;
      case 'finish':
        this.finishReason = normalizeFinish(event.reason, this.calledTools);
        this.nativeFinishReason = event.native;
        return;
      case 'error':
        this.error = event.error;
        return;
      case 'text-delta':
      case 'reasoning-delta':
      case 'refusal-delta':
        this.completionChars += event.delta.length;
        break;
      case 'tool-call-delta':
        this.calledTools = true;
        this.completionChars += event.argumentsDelta.length + (event.name?.length ?? 0);
        break;
      default:
        break;
    }
    this.firstContentAtMs ??= nowMs;
  }
}
