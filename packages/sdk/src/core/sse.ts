/** One server-sent event: its `event` name (when given) and its `data` lines joined by "\n". */
export interface ServerSentEvent {
  readonly event: string | undefined;
  readonly data: string;
}

/**
 * Splits a byte stream into server-sent events (WHATWG rules: CRLF, CR or LF line ends; `:`
 * comment lines skipped — OpenRouter's `: OPENROUTER PROCESSING` keep-alives; a blank line ends an
 * event; multi-line `data:` joined). Events with no data are dropped.
 */
export async function* readServerSentEvents(body: AsyncIterable<Uint8Array>): AsyncGenerator<ServerSentEvent> {
  const decoder = new TextDecoder();
  const state: EventState = { event: undefined, data: [] };
  let buffer = '';
  for await (const bytes of body) {
    buffer += decoder.decode(bytes, { stream: true });
    // A trailing "\r" may be the first half of a "\r\n": keep it with the unfinished line.
    const heldCr = buffer.endsWith('\r');
    const lines = (heldCr ? buffer.slice(0, -1) : buffer).split(/\r\n|\r|\n/);
    buffer = `${lines.pop() ?? ''}${heldCr ? '\r' : ''}`;
    for (const line of lines) {
      const event = feedLine(state, line);
      if (event !== undefined) yield event;
    }
  }
  buffer += decoder.decode();
  for (const line of [...buffer.split(/\r\n|\r|\n/), '']) {
    const event = feedLine(state, line);
    if (event !== undefined) yield event;
  }
}

interface EventState {
  event: string | undefined;
  data: string[];
}

function feedLine(state: EventState, line: string): ServerSentEvent | undefined {
  if (line === '') {
    const event = state.data.length === 0 ? undefined : { event: state.event, data: state.data.join('\n') };
    state.event = undefined;
    state.data = [];
    return event;
  }
  if (line.startsWith(':')) return undefined;
  const colon = line.indexOf(':');
  const field = colon === -1 ? line : line.slice(0, colon);
  let value = colon === -1 ? '' : line.slice(colon + 1);
  if (value.startsWith(' ')) value = value.slice(1);
  if (field === 'data') state.data.push(value);
  else if (field === 'event') state.event = value;
  return undefined;
}
