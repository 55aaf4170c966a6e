import { isIP } from 'node:net';

/** Why an address may not be a webhook target; null when it is a public unicast address. */
export type BlockedReason = 'unspecified' | 'loopback' | 'private' | 'link-local' | 'cgnat' | 'multicast' | 'reserved' | 'documentation' | 'broadcast';

type V4Range = [base: number, prefix: number, reason: BlockedReason];

const v4 = (dotted: string): number => dotted.split('.').reduce((acc, part) => acc * 256 + Number(part), 0);

/** IANA special-purpose IPv4 ranges (RFC 6890 and successors) a server must not be steered to. */
const V4_BLOCKED: V4Range[] = [
  [v4('0.0.0.0'), 8, 'unspecified'],
  [v4('10.0.0.0'), 8, 'private'],
  [v4('100.64.0.0'), 10, 'cgnat'],
  [v4('127.0.0.0'), 8, 'loopback'],
  [v4('169.254.0.0'), 16, 'link-local'], // includes the cloud metadata address 169.254.169.254
  [v4('172.16.0.0'), 12, 'private'],
  [v4('192.0.0.0'), 24, 'reserved'],
  [v4('192.0.2.0'), 24, 'documentation'],
  [v4('192.88.99.0'), 24, 'reserved'],
  [v4('192.168.0.0'), 16, 'private'],
  [v4('198.18.0.0'), 15, 'reserved'],
  [v4('198.51.100.0'), 24, 'documentation'],
  [v4('203.0.113.0'), 24, 'documentation'],
  [v4('224.0.0.0'), 4, 'multicast'],
  [v4('255.255.255.255'), 32, 'broadcast'],
  [v4('240.0.0.0'), 4, 'reserved'],
];

function classifyV4(value: number): BlockedReason | null {
  for (const [base, prefix, reason] of V4_BLOCKED) {
    const size = 2 ** (32 - prefix);
    if (value >= base && value < base + size) return reason;
  }
  return null;
}

/** Parses an IPv6 address (with optional zone and embedded dotted quad) into 8 16-bit groups. */
function parseV6(address: string): number[] | null {
  let text = address.split('%')[0].toLowerCase();
  const dotted = /(\d+\.\d+\.\d+\.\d+)$/.exec(text);
  if (dotted) {
    if (isIP(dotted[1]) !== 4) return null;
    const n = v4(dotted[1]);
    text = text.slice(0, -dotted[1].length) + `${Math.floor(n / 65536).toString(16)}:${(n % 65536).toString(16)}`;
  }
  const halves = text.split('::');
  if (halves.length > 2) return null;
  const parse = (part: string) => (part === '' ? [] : part.split(':').map((g) => (/^[0-9a-f]{1,4}$/.test(g) ? parseInt(g, 16) : NaN)));
  const head = parse(halves[0]);
  const tail = halves.length === 2 ? parse(halves[1]) : [];
  const missing = 8 - head.length - tail.length;
  if ((halves.length === 1 && missing !== 0) || (halves.length === 2 && missing < 1)) return null;
  const groups = [...head, ...new Array(halves.length === 2 ? missing : 0).fill(0), ...tail];
  return groups.length === 8 && groups.every((g) => Number.isInteger(g)) ? groups : null;
}

const embeddedV4 = (g: number[], from: number): number => g[from] * 65536 + g[from + 1];

function classifyV6(g: number[]): BlockedReason | null {
  const zeroUpTo = (n: number) => g.slice(0, n).every((x) => x === 0);
  if (zeroUpTo(8)) return 'unspecified';
  if (zeroUpTo(7) && g[7] === 1) return 'loopback';
  // Addresses that carry an IPv4 address are judged by it: IPv4-mapped ::ffff:a.b.c.d,
  // IPv4-compatible ::a.b.c.d, NAT64 64:ff9b::a.b.c.d and 6to4 2002:aabb:ccdd::.
  if (zeroUpTo(5) && g[5] === 0xffff) return classifyV4(embeddedV4(g, 6));
  if (zeroUpTo(6)) return classifyV4(embeddedV4(g, 6)) ?? 'reserved';
  if (g[0] === 0x64 && g[1] === 0xff9b && g.slice(2, 6).every((x) => x === 0)) return classifyV4(embeddedV4(g, 6));
  if (g[0] === 0x2002) return classifyV4(embeddedV4(g, 1));
  if ((g[0] & 0xfe00) === 0xfc00) return 'private'; // fc00::/7 unique local
  if ((g[0] & 0xffc0) === 0xfe80) return 'link-local'; // fe80::/10
  if ((g[0] & 0xffc0) === 0xfec0) return 'private'; // fec0::/10 deprecated site-local
  if ((g[0] & 0xff00) === 0xff00) return 'multicast'; // ff00::/8
  if (g[0] === 0x2001 && g[1] === 0x0db8) return 'documentation'; // 2001:db8::/32
  if (g[0] === 0x0100 && g.slice(1, 4).every((x) => x === 0)) return 'reserved'; // 100::/64 discard
  if (g[0] === 0x2001 && g[1] < 0x0200) return 'reserved'; // 2001::/23 IETF protocol assignments (Teredo, ORCHID...)
  if ((g[0] & 0xe000) !== 0x2000) return 'reserved'; // outside 2000::/3, the global unicast space
  return null;
}

/**
 * Classifies an IP address literal. Anything that is not a public unicast address is blocked,
 * and so is anything that does not parse: the guard fails closed.
 */
export function classifyAddress(address: string): BlockedReason | null {
  const family = isIP(address.split('%')[0]);
  if (family === 4) return classifyV4(v4(address));
  if (family === 6) {
    const groups = parseV6(address);
    return groups ? classifyV6(groups) : 'reserved';
  }
  return 'reserved';
}
