import { createHmac } from 'node:crypto';
import { retryDelayMs, MAX_DELIVERY_ATTEMPTS } from './retry-policy';
import { newSigningKey, parseSecret, sign, verify } from './webhook-signature';

describe('Standard Webhooks signing', () => {
  it('matches the specification example', () => {
    // From the Standard Webhooks specification's reference test vector.
    const secret = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';
    const id = 'msg_p5jXN8AQM9LWM0D4loKWxJek';
    const body = '{"test": 2432232314}';
    expect(sign(parseSecret(secret), id, 1614265330, body)).toBe('v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=');
  });

  it('issues whsec_ secrets of 32 random bytes and verifies its own signatures', () => {
    const { key, secret } = newSigningKey();
    expect(secret).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
    expect(parseSecret(secret).equals(key)).toBe(true);
    const signature = sign(key, 'evt', 1700000000, '{"a":1}');
    expect(signature).toBe(`v1,${createHmac('sha256', key).update('evt.1700000000.{"a":1}').digest('base64')}`);
    expect(verify(secret, 'evt', 1700000000, '{"a":1}', `v1,bogus ${signature}`)).toBe(true);
    expect(verify(secret, 'evt', 1700000001, '{"a":1}', signature)).toBe(false);
    expect(verify(newSigningKey().secret, 'evt', 1700000000, '{"a":1}', signature)).toBe(false);
  });
});

describe('retry policy', () => {
  it('doubles the delay each attempt, with at most half of it random', () => {
    for (let attempt = 1; attempt < MAX_DELIVERY_ATTEMPTS; attempt++) {
      const full = 10_000 * 2 ** (attempt - 1);
      expect(retryDelayMs(10_000, attempt, () => 0)).toBe(full / 2);
      expect(retryDelayMs(10_000, attempt, () => 1)).toBe(full);
    }
  });

  it('caps the delay at six hours', () => {
    expect(retryDelayMs(3_600_000, 20, () => 1)).toBe(6 * 3_600_000);
  });
});
