import { isIPv4, isIPv6 } from 'node:net';

/** Why an address may not be fetched from, or `public` when it may. */
export type AddressClass =
  | 'public'
  | 'unspecified'
  | 'loopback'
  | 'private'
  | 'link-local'
  | 'carrier-grade-nat'
  | 'unique-local'
  | 'multicast'
  | 'reserved'
  | 'invalid';

interface Range {
  readonly bytes: readonly number[];
  readonly prefix: number;
  readonly kind: Exclude<AddressClass, 'public' | 'invalid'>;
}

const v4 = (text: string, prefix: number, kind: Range['kind']): Range => ({
  bytes: text.split('.').map(Number),
  prefix,
  kind,
});

/** IANA special-purpose IPv4 ranges a server-side fetch must never reach. */
const IPV4_RANGES: readonly Range[] = [
  v4('0.0.0.0', 8, 'unspecified'),
  v4('10.0.0.0', 8, 'private'),
  v4('100.64.0.0', 10, 'carrier-grade-nat'),
  v4('127.0.0.0', 8, 'loopback'),
  v4('169.254.0.0', 16, 'link-local'),
  v4('172.16.0.0', 12, 'private'),
  v4('192.0.0.0', 24, 'reserved'),
  v4('192.0.2.0', 24, 'reserved'),
  v4('192.168.0.0', 16, 'private'),
  v4('198.18.0.0', 15, 'reserved'),
  v4('198.51.100.0', 24, 'reserved'),
  v4('203.0.113.0', 24, 'reserved'),
  v4('224.0.0.0', 4, 'multicast'),
  v4('240.0.0.0', 4, 'reserved'),
];

const v6 = (bytes: readonly number[], prefix: number, kind: Range['kind']): Range => ({ bytes, prefix, kind });

const IPV6_RANGES: readonly Range[] = [
  v6([0xfc], 7, 'unique-local'),
  v6([0xfe, 0x80], 10, 'link-local'),
  v6([0xfe, 0xc0], 10, 'private'), // deprecated site-local
  v6([0xff], 8, 'multicast'),
  v6([0x20, 0x01, 0x0d, 0xb8], 32, 'reserved'), // documentation
  v6([0x01, 0, 0, 0, 0, 0, 0, 0], 64, 'reserved'), // discard-only 100::/64
];

function matches(address: readonly number[], range: Range): boolean {
  for (let bit = 0; bit < range.prefix; bit++) {
    const byte = bit >> 3;
    const mask = 0x80 >> (bit & 7);
    if (((address[byte] ?? 0) & mask) !== ((range.bytes[byte] ?? 0) & mask)) return false;
  }
  return true;
}

function classifyBytes(bytes: readonly number[], ranges: readonly Range[]): AddressClass {
  return ranges.find((range) => matches(bytes, range))?.kind ?? 'public';
}

/** "1.2.3.4" → [1, 2, 3, 4]. */
function ipv4Bytes(text: string): number[] {
  return text.split('.').map(Number);
}

/** Any valid IPv6 text (with ::, a zone, or a dotted IPv4 tail) → its 16 bytes. */
export function ipv6Bytes(text: string): number[] {
  let address = text.replace(/%.*$/, '');
  const tail = /(\d+\.\d+\.\d+\.\d+)$/.exec(address)?.[1];
  if (tail !== undefined) {
    const [a, b, c, d] = ipv4Bytes(tail) as [number, number, number, number];
    address = `${address.slice(0, -tail.length)}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const [head = '', rest] = address.split('::');
  const left = head === '' ? [] : head.split(':');
  const right = rest === undefined || rest === '' ? [] : rest.split(':');
  const groups = [...left, ...Array<string>(8 - left.length - right.length).fill('0'), ...right];
  return groups.flatMap((group) => {
    const value = parseInt(group, 16);
    return [value >> 8, value & 0xff];
  });
}

/** The IPv4 address an IPv6 address carries (mapped, compatible, NAT64, 6to4), if any. */
function embeddedIpv4(bytes: readonly number[]): number[] | undefined {
  const zeros = (from: number, to: number) => bytes.slice(from, to).every((b) => b === 0);
  if (zeros(0, 10) && bytes[10] === 0xff && bytes[11] === 0xff) return bytes.slice(12);
  if (zeros(0, 12) && !zeros(12, 16)) return bytes.slice(12); // deprecated IPv4-compatible ::a.b.c.d
  if (bytes[0] === 0 && bytes[1] === 0x64 && bytes[2] === 0xff && bytes[3] === 0x9b && zeros(4, 12)) {
    return bytes.slice(12); // NAT64 64:ff9b::/96
  }
  if (bytes[0] === 0x20 && bytes[1] === 0x02) return bytes.slice(2, 6); // 6to4 2002::/16
  return undefined;
}

function classifyIpv6(bytes: readonly number[]): AddressClass {
  if (bytes.every((b) => b === 0)) return 'unspecified';
  if (bytes.slice(0, 15).every((b) => b === 0) && bytes[15] === 1) return 'loopback';
  const embedded = embeddedIpv4(bytes);
  if (embedded !== undefined) return classifyBytes(embedded, IPV4_RANGES);
  return classifyBytes(bytes, IPV6_RANGES);
}

/** What kind of address `ip` is (IPv4 or IPv6 text, brackets allowed); only `public` may be fetched from. */
export function classifyAddress(ip: string): AddressClass {
  const text = ip.startsWith('[') && ip.endsWith(']') ? ip.slice(1, -1) : ip;
  if (isIPv4(text)) return classifyBytes(ipv4Bytes(text), IPV4_RANGES);
  if (isIPv6(text)) return classifyIpv6(ipv6Bytes(text));
  return 'invalid';
}
