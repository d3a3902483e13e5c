import type { ServerResponse } from 'node:http';
import { RESPONSE_ALREADY_SENT } from '@hono/node-server/utils/response';
import { GatewayError } from '@switchyard/core';
import { parseChatCompletionRequest } from '@switchyard/protocol';
import type { Hono } from 'hono';
import type { AppDeps, AppEnv } from '../app-types.js';
import { header, withHashedUser, type ChatContext } from '../chat/chat-context.js';
import { planFor } from '../chat/chat-service.js';
import { completeChat } from '../chat/complete-chat.js';
import { streamChat } from '../chat/stream-chat.js';
import { readJsonBody } from '../http/read-json-body.js';
import { authenticateInference } from '../middleware/authenticate.js';

export function registerChatRoutes(api: Hono<AppEnv>, deps: AppDeps): void {
  api.post('/chat/completions', async (c) => {
    const key = await authenticateInference(c, deps);
    const { incoming, outgoing } = c.env;
    const body = await readJsonBody(incoming, deps.bodyLimitBytes);
    const parsed = parseChatCompletionRequest(body);
    if (!parsed.ok) throw new GatewayError('invalid_request', parsed.message, { metadata: { field: parsed.field } });
    const guardrails = await deps.guardrails.enforcer.admit(key);
    const { request, plan } = planFor(deps.chat, withHashedUser(parsed.value, key.accountId), key, guardrails);
    const createdAt = deps.clock.now();
    await deps.requestLimits.admit(key, plan, createdAt);
    const headers = incoming.headers;
    const context: ChatContext = {
      generationId: deps.generationIds.next(createdAt),
      key,
      createdAt,
      startedMs: deps.clock.monotonicMs(),
      appTitle: header(headers, 'x-openrouter-title') ?? header(headers, 'x-title'),
      httpReferer: header(headers, 'http-referer') ?? header(headers, 'referer'),
      userAgent: header(headers, 'user-agent'),
      sessionIdHeader: header(headers, 'x-session-id'),
      externalUser: parsed.value.user ?? null,
      guardrails,
    };
    const signal = abortOnClose(outgoing);
    // A failure after routing has a generation record: its id goes out with the error answer too.
    const withGenerationId = (error: unknown) => {
      c.header('x-generation-id', context.generationId);
      return error;
    };
    if (request.stream === true) {
      try {
        await streamChat(deps.chat, context, request, plan, outgoing, signal);
      } catch (error) {
        if (!outgoing.headersSent) throw withGenerationId(error);
        // The stream is already open: the status is sent, so the failure can only be logged.
        deps.logger.error('stream failed after it was opened', { generationId: context.generationId, error });
        outgoing.end();
      }
      return RESPONSE_ALREADY_SENT;
    }
    const completion = await completeChat(deps.chat, context, request, plan, signal).catch((error: unknown) => {
      throw withGenerationId(error);
    });
    const json = JSON.stringify(completion);
    outgoing.writeHead(200, {
      'content-type': 'application/json',
      'content-length': Buffer.byteLength(json),
      'x-generation-id': context.generationId,
    });
    outgoing.end(json);
    return RESPONSE_ALREADY_SENT;
  });
}

/** Aborts when the client goes away before the response is finished (cancels the upstream call). */
function abortOnClose(outgoing: ServerResponse): AbortSignal {
  const controller = new AbortController();
  outgoing.once('close', () => {
    if (!outgoing.writableFinished) controller.abort();
  });
  return controller.signal;
}
