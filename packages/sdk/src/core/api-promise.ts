/** The body of a call and the `Response` it came from. */
export interface WithResponse<T> {
  readonly data: T;
  readonly response: Response;
}

/**
 * What every SDK method returns (openai-node's `APIPromise`): a `Promise` of the parsed body, plus
 * `withResponse()` for the body and the raw `Response` (status, headers such as `x-generation-id`),
 * and `asResponse()` for the raw `Response` alone (its body unread).
 */
export class APIPromise<T> extends Promise<T> {
  private parsed: Promise<T> | undefined;
  private readonly responsePromise: Promise<Response>;
  private readonly parseResponse: (response: Response) => Promise<T>;

  constructor(responsePromise: Promise<Response>, parseResponse: (response: Response) => Promise<T>) {
    super((resolve) => {
      // Never used: `then` below reads the parsed body instead (as openai-node's APIPromise does).
      resolve(undefined as T);
    });
    this.responsePromise = responsePromise;
    this.parseResponse = parseResponse;
  }

  // `then` returns plain promises, never another APIPromise.
  static override get [Symbol.species](): PromiseConstructor {
    return Promise;
  }

  /** The raw `Response`, body unread (the SDK does not parse it). */
  asResponse(): Promise<Response> {
    return this.responsePromise;
  }

  /** The parsed body and the raw `Response`. */
  async withResponse(): Promise<WithResponse<T>> {
    const [data, response] = await Promise.all([this.parse(), this.responsePromise]);
    return { data, response };
  }

  private parse(): Promise<T> {
    this.parsed ??= this.responsePromise.then(this.parseResponse);
    return this.parsed;
  }

  override then<R1 = T, R2 = never>(
    onfulfilled?: ((value: T) => R1 | PromiseLike<R1>) | null,
    onrejected?: ((reason: unknown) => R2 | PromiseLike<R2>) | null,
  ): Promise<R1 | R2> {
    return this.parse().then(onfulfilled, onrejected);
  }

  override catch<R = never>(onrejected?: ((reason: unknown) => R | PromiseLike<R>) | null): Promise<T | R> {
    return this.parse().catch(onrejected);
  }

  override finally(onfinally?: (() => void) | null): Promise<T> {
    return this.parse().finally(onfinally);
  }
}
