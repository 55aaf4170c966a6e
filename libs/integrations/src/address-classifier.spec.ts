import fc from 'fast-check';
import { classifyAddress } from './address-classifier';

describe('webhook target address classifier', () => {
  it.each([
    ['0.0.0.0', 'unspecified'],
    ['0.1.2.3', 'unspecified'],
    ['127.0.0.1', 'loopback'],
    ['127.255.255.254', 'loopback'],
    ['10.0.0.1', 'private'],
    ['10.255.255.255', 'private'],
    ['172.16.0.1', 'private'],
    ['172.31.255.255', 'private'],
    ['192.168.1.10', 'private'],
    ['169.254.169.254', 'link-local'],
    ['169.254.0.1', 'link-local'],
    ['100.64.0.1', 'cgnat'],
    ['100.127.255.255', 'cgnat'],
    ['224.0.0.1', 'multicast'],
    ['239.255.255.250', 'multicast'],
    ['255.255.255.255', 'broadcast'],
    ['240.0.0.1', 'reserved'],
    ['192.0.2.5', 'documentation'],
    ['198.18.0.1', 'reserved'],
  ])('blocks IPv4 %s as %s', (address, reason) => {
    expect(classifyAddress(address)).toBe(reason);
  });

  it.each(['8.8.8.8', '1.1.1.1', '172.15.255.255', '172.32.0.0', '100.63.255.255', '100.128.0.0', '169.253.255.255', '11.0.0.1', '192.169.0.1', '223.255.255.255'])('allows public IPv4 %s', (address) => {
    expect(classifyAddress(address)).toBeNull();
  });

  it.each([
    ['::', 'unspecified'],
    ['::1', 'loopback'],
    ['0:0:0:0:0:0:0:1', 'loopback'],
    ['fc00::1', 'private'],
    ['fd12:3456:789a::1', 'private'],
    ['fe80::1', 'link-local'],
    ['fe80::1%eth0', 'link-local'],
    ['febf::1', 'link-local'],
    ['fec0::1', 'private'],
    ['ff02::1', 'multicast'],
    ['2001:db8::1', 'documentation'],
    ['100::1', 'reserved'],
    ['::ffff:127.0.0.1', 'loopback'],
    ['::ffff:7f00:1', 'loopback'],
    ['::ffff:10.0.0.1', 'private'],
    ['::ffff:169.254.169.254', 'link-local'],
    ['::ffff:a9fe:a9fe', 'link-local'],
    ['0:0:0:0:0:ffff:192.168.0.1', 'private'],
    ['64:ff9b::127.0.0.1', 'loopback'],
    ['64:ff9b::a00:1', 'private'],
    ['2002:7f00:1::', 'loopback'],
    ['2002:a9fe:a9fe::1', 'link-local'],
    ['::127.0.0.1', 'loopback'],
    ['::8.8.8.8', 'reserved'],
  ])('blocks IPv6 %s as %s', (address, reason) => {
    expect(classifyAddress(address)).toBe(reason);
  });

  it.each(['2a00:1450:4009:81f::200e', '2606:4700:4700::1111', '::ffff:8.8.8.8', '::ffff:808:808', '64:ff9b::8.8.8.8', '2002:808:808::1'])('allows public IPv6 %s', (address) => {
    expect(classifyAddress(address)).toBeNull();
  });

  it.each(['', 'localhost', 'example.com', '1.2.3', '256.1.1.1', ':::1', '1::2::3', 'fe80::zz'])('fails closed on %j, which is not an address', (text) => {
    expect(classifyAddress(text)).toBe('reserved');
  });

  it('judges every IPv4-mapped IPv6 address exactly as its IPv4 address', () => {
    fc.assert(
      fc.property(fc.ipV4(), (ip) => {
        const [a, b, c, d] = ip.split('.').map(Number);
        const hex = `${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
        expect(classifyAddress(`::ffff:${ip}`)).toBe(classifyAddress(ip));
        expect(classifyAddress(`::ffff:${hex}`)).toBe(classifyAddress(ip));
      }),
      { numRuns: 2000 },
    );
  });

  it('blocks every address in 10/8, 172.16/12, 192.168/16, 127/8 and 169.254/16', () => {
    const octet = fc.integer({ min: 0, max: 255 });
    fc.assert(
      fc.property(octet, octet, octet, fc.integer({ min: 16, max: 31 }), (x, y, z, second) => {
        expect(classifyAddress(`10.${x}.${y}.${z}`)).toBe('private');
        expect(classifyAddress(`172.${second}.${y}.${z}`)).toBe('private');
        expect(classifyAddress(`192.168.${y}.${z}`)).toBe('private');
        expect(classifyAddress(`127.${x}.${y}.${z}`)).toBe('loopback');
        expect(classifyAddress(`169.254.${y}.${z}`)).toBe('link-local');
      }),
    );
  });
});
