/** The `media:` block of the config: limits for downloading media URLs. */
export interface MediaSettings {
  /** Largest download, in bytes. */
  readonly maxBytes: number;
  /** Time for the whole download, redirects included. */
  readonly timeoutMs: number;
  readonly maxRedirects: number;
  /** Tests only: let URLs reach loopback and private addresses. */
  readonly allowPrivateAddresses: boolean;
}

export const DEFAULT_MEDIA_SETTINGS: MediaSettings = {
  maxBytes: 20 * 1024 * 1024,
  timeoutMs: 10_000,
  maxRedirects: 5,
  allowPrivateAddresses: false,
};
