import { promises as dns, type LookupAddress, type LookupOptions } from 'node:dns';
import type { LookupFunction } from 'node:net';
import type { AddressClass } from './address-classifier.js';

/** Host name → its addresses (the system resolver; tests inject fixed answers). */
export type Resolver = (hostname: string) => Promise<LookupAddress[]>;

export const systemResolver: Resolver = (hostname) => dns.lookup(hostname, { all: true, verbatim: true });

/** Which addresses may be connected to: `public` only, unless private addresses are allowed. */
export type AddressPolicy = (address: string) => AddressClass;

export const ALLOW_ALL: AddressPolicy = () => 'public';

export const BLOCKED_ADDRESS = 'ERR_SWITCHYARD_BLOCKED_ADDRESS';

/** A host that resolves to (or is) an address the policy refuses. */
export class BlockedAddressError extends Error {
  readonly code = BLOCKED_ADDRESS;

  constructor(
    readonly host: string,
    readonly address: string,
    readonly kind: AddressClass,
  ) {
    super(
      host === address
        ? `${address} is a ${kind} address, which the gateway does not fetch from`
        : `${host} resolves to ${address}, a ${kind} address, which the gateway does not fetch from`,
    );
    this.name = 'BlockedAddressError';
  }
}

/** Throws BlockedAddressError unless every address is allowed. */
export function checkAddresses(host: string, addresses: readonly string[], policy: AddressPolicy): void {
  for (const address of addresses) {
    const kind = policy(address);
    if (kind !== 'public') throw new BlockedAddressError(host, address, kind);
  }
}

function wantedFamily(options: LookupOptions): 4 | 6 | undefined {
  const family: unknown = options.family;
  if (family === 4 || family === 'IPv4') return 4;
  if (family === 6 || family === 'IPv6') return 6;
  return undefined;
}

/**
 * A `lookup` for the sockets of an undici Agent: resolves the host once, refuses the connection when
 * any of its addresses is not allowed, and hands the socket exactly the addresses it checked, so a
 * second DNS answer (DNS rebinding) can never reach a private address.
 */
export function guardedLookup(resolve: Resolver, policy: AddressPolicy): LookupFunction {
  return (hostname, options, callback) => {
    resolve(hostname)
      .then((all) => {
        const family = wantedFamily(options);
        const addresses = family === undefined ? all : all.filter((entry) => entry.family === family);
        checkAddresses(hostname, addresses.map((entry) => entry.address), policy);
        const first = addresses[0];
        if (first === undefined) {
          throw Object.assign(new Error(`${hostname} has no address`), { code: 'ENOTFOUND', hostname });
        }
        if (options.all === true) callback(null, addresses);
        else callback(null, first.address, first.family);
      })
      .catch((error: unknown) => {
        callback(error as NodeJS.ErrnoException, '');
      });
  };
}
