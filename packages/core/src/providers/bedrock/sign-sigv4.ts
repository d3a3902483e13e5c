import { hmacSha256, sha256, toHex, utf8 } from './sha256.js';

/** AWS credentials (access key pair, plus the session token of temporary credentials). */
export interface AwsCredentials {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  readonly sessionToken?: string | undefined;
}

export interface SigV4Input {
  readonly method: string;
  /** The URL as it will be sent; its path must already be URI-encoded once (it is encoded again for the canonical URI). */
  readonly url: string;
  /** Headers to sign besides `host` and `x-amz-date` (which the signer adds). */
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string;
  readonly region: string;
  readonly service: string;
  readonly credentials: AwsCredentials;
  readonly now: Date;
}

export interface SigV4Result {
  /** Headers to send: the input headers plus x-amz-date, x-amz-security-token (if any) and authorization. `host` is left to the HTTP client. */
  readonly headers: Record<string, string>;
  readonly canonicalRequest: string;
  readonly stringToSign: string;
  readonly signature: string;
}

/** `20150830T123600Z` */
export function amzDate(now: Date): string {
  return now.toISOString().replace(/[-:]/g, '').replace(/\.\d{3}/, '');
}

/** RFC 3986 encoding as SigV4 wants it: everything but A-Z a-z 0-9 - _ . ~ is %XX (uppercase hex, UTF-8). */
export function uriEncode(text: string): string {
  return encodeURIComponent(text).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

/** Each path segment URI-encoded (non-S3 services: the already encoded request path is encoded again). */
export function canonicalUri(path: string): string {
  if (path === '') return '/';
  return path.split('/').map(uriEncode).join('/');
}

function canonicalQuery(search: string): string {
  if (search === '' || search === '?') return '';
  const pairs = search
    .slice(1)
    .split('&')
    .map((pair) => {
      const [name = '', value = ''] = pair.split('=');
      return [uriEncode(decodeURIComponent(name)), uriEncode(decodeURIComponent(value))] as const;
    });
  pairs.sort(([a, av], [b, bv]) => (a === b ? (av < bv ? -1 : 1) : a < b ? -1 : 1));
  return pairs.map(([name, value]) => `${name}=${value}`).join('&');
}

/** Lowercased names, trimmed values with inner whitespace runs collapsed, sorted by name. */
function canonicalHeaders(headers: Readonly<Record<string, string>>): { text: string; signed: string } {
  const entries = Object.entries(headers)
    .map(([name, value]) => [name.toLowerCase(), value.trim().replace(/\s+/g, ' ')] as const)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return {
    text: entries.map(([name, value]) => `${name}:${value}\n`).join(''),
    signed: entries.map(([name]) => name).join(';'),
  };
}

function signingKey(secret: string, date: string, region: string, service: string): Uint8Array {
  const kDate = hmacSha256(utf8(`AWS4${secret}`), utf8(date));
  const kRegion = hmacSha256(kDate, utf8(region));
  const kService = hmacSha256(kRegion, utf8(service));
  return hmacSha256(kService, utf8('aws4_request'));
}

/** AWS Signature Version 4 (header form) for one request. Pure: the time comes in as `now`. */
export function signSigV4(input: SigV4Input): SigV4Result {
  const url = new URL(input.url);
  const timestamp = amzDate(input.now);
  const date = timestamp.slice(0, 8);
  const sent: Record<string, string> = { ...input.headers, 'x-amz-date': timestamp };
  if (input.credentials.sessionToken !== undefined) sent['x-amz-security-token'] = input.credentials.sessionToken;
  const headers = canonicalHeaders({ ...sent, host: url.host });
  const canonicalRequest = [
    input.method,
    canonicalUri(url.pathname),
    canonicalQuery(url.search),
    headers.text,
    headers.signed,
    toHex(sha256(utf8(input.body))),
  ].join('\n');
  const scope = `${date}/${input.region}/${input.service}/aws4_request`;
  const stringToSign = ['AWS4-HMAC-SHA256', timestamp, scope, toHex(sha256(utf8(canonicalRequest)))].join('\n');
  const key = signingKey(input.credentials.secretAccessKey, date, input.region, input.service);
  const signature = toHex(hmacSha256(key, utf8(stringToSign)));
  sent['authorization'] =
    `AWS4-HMAC-SHA256 Credential=${input.credentials.accessKeyId}/${scope}, SignedHeaders=${headers.signed}, Signature=${signature}`;
  return { headers: sent, canonicalRequest, stringToSign, signature };
}
