import { sendWebhook } from './webhook-sender';

/** The guard at delivery time: nothing is sent to a private target unless tests relax it. */
describe('webhook sender SSRF guard', () => {
  it.each([
    ['https://127.0.0.1:9/hook', 'loopback'],
    ['https://169.254.169.254/latest/meta-data', 'link-local'],
    ['https://[::ffff:10.0.0.1]/hook', 'private'],
    ['https://localhost:9/hook', 'loopback'],
  ])('refuses %s without connecting', async (url, reason) => {
    const result = await sendWebhook(url, {}, '{}', false, 1000);
    expect(result).toMatchObject({ ok: false, statusCode: null, error: expect.stringContaining(`(${reason} address)`) });
    expect(result.error).toMatch(/^refused: /);
  });

  it('refuses plain http unless private targets are allowed', async () => {
    expect((await sendWebhook('http://8.8.8.8/hook', {}, '{}', false, 1000)).error).toMatch(/must use https/);
  });
});
