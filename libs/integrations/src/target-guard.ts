import { lookup } from 'node:dns/promises';
import type { LookupAddress } from 'node:dns';
import { isIP } from 'node:net';
import { BlockedReason, classifyAddress } from './address-classifier';

export const WEBHOOK_URL_MAX = 2048;

/** Why a webhook URL was refused, in words fit for a 400 or a delivery log. */
export class TargetRefused extends Error {
  constructor(
    message: string,
    readonly reason: BlockedReason | 'unresolvable' | 'malformed',
  ) {
    super(message);
    this.name = 'TargetRefused';
  }
}

/** Checks a URL's shape: https (http only when private targets are allowed, i.e. in tests), no credentials. */
export function checkUrlShape(raw: string, allowPrivate: boolean): URL {
  if (raw.length > WEBHOOK_URL_MAX) throw new TargetRefused(`must be at most ${WEBHOOK_URL_MAX} characters`, 'malformed');
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new TargetRefused('must be an absolute https URL', 'malformed');
  }
  if (url.protocol !== 'https:' && !(allowPrivate && url.protocol === 'http:')) throw new TargetRefused('must use https', 'malformed');
  if (url.username || url.password) throw new TargetRefused('must not contain credentials', 'malformed');
  if (url.hash) throw new TargetRefused('must not contain a fragment', 'malformed');
  if (!url.hostname) throw new TargetRefused('must name a host', 'malformed');
  return url;
}

/** The host as the resolver wants it: IPv6 literals lose their brackets. */
export const bareHost = (url: URL): string => url.hostname.replace(/^\[(.*)\]$/, '$1');

/** Refuses the first address that is not public unicast. */
export function assertPublic(host: string, addresses: readonly string[]): void {
  for (const address of addresses) {
    const reason = classifyAddress(address);
    if (reason) throw new TargetRefused(`${host} resolves to ${address} (${reason} address); webhooks go to public addresses only`, reason);
  }
}

/**
 * Resolves every address of the URL's host and refuses the URL if any one is not public, so a
 * name with one public and one private record cannot be used to reach inside. With
 * `allowPrivate` (tests only) nothing is resolved or refused.
 */
export async function assertPublicTarget(url: URL, allowPrivate: boolean): Promise<void> {
  if (allowPrivate) return;
  const host = bareHost(url);
  if (isIP(host)) return assertPublic(host, [host]);
  let addresses: LookupAddress[];
  try {
    addresses = await lookup(host, { all: true, verbatim: true });
  } catch {
    throw new TargetRefused(`${host} does not resolve`, 'unresolvable');
  }
  if (addresses.length === 0) throw new TargetRefused(`${host} does not resolve`, 'unresolvable');
  assertPublic(host, addresses.map((a) => a.address));
}

type LookupCallback = (error: NodeJS.ErrnoException | null, address: string | LookupAddress[], family?: number) => void;

/**
 * A `lookup` for http.request that checks the addresses the socket will actually connect to, so
 * a name that re-resolves to a private address between the check and the connection (DNS
 * rebinding) is still refused.
 */
export function guardedLookup(allowPrivate: boolean) {
  return (hostname: string, options: { all?: boolean; family?: number }, callback: LookupCallback): void => {
    lookup(hostname, { all: true, verbatim: true })
      .then((addresses) => {
        if (!allowPrivate) assertPublic(hostname, addresses.map((a) => a.address));
        if (options.all) callback(null, addresses);
        else callback(null, addresses[0].address, addresses[0].family);
      })
      .catch((error: NodeJS.ErrnoException) => callback(error, '', 0));
  };
}
