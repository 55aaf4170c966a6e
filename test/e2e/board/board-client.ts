import request from 'supertest';
import { TestContext } from '@test/support/test-app';

/** The value of a cookie set by a response, or undefined. */
export function cookieFrom(response: request.Response, name: string): string | undefined {
  const raw = ([] as string[]).concat(response.headers['set-cookie'] ?? []);
  const line = raw.find((c) => c.startsWith(`${name}=`));
  return line ? line.slice(name.length + 1).split(';')[0] : undefined;
}

export function setCookieLine(response: request.Response, name: string): string | undefined {
  return ([] as string[]).concat(response.headers['set-cookie'] ?? []).find((c) => c.startsWith(`${name}=`));
}

/** The first hidden CSRF field of a page. */
export function csrfFrom(html: string): string {
  const match = /name="_csrf" value="([^"]+)"/.exec(html);
  if (!match) throw new Error('no _csrf field on the page');
  return match[1];
}

/**
 * A browser-like client: cookies are sent by hand because supertest's jar keeps Secure cookies
 * off plain http, which is exactly what a browser does everywhere but localhost.
 */
export class BoardClient {
  session: string | undefined;

  constructor(private readonly ctx: TestContext) {}

  private agent() {
    return request(this.ctx.app.getHttpServer());
  }

  get(url: string) {
    const test = this.agent().get(url);
    return this.session ? test.set('cookie', `board_session=${this.session}`) : test;
  }

  post(url: string, form: Record<string, string>) {
    const test = this.agent().post(url).type('form').send(form);
    return this.session ? test.set('cookie', `board_session=${this.session}`) : test;
  }

  /** Fills the sign-in form as a browser would; answers the POST's response. */
  async signIn(token: string): Promise<request.Response> {
    const form = await this.agent().get('/board/sign-in').expect(200);
    const csrf = cookieFrom(form, 'board_sign_in') as string;
    const response = await this.agent().post('/board/sign-in').set('cookie', `board_sign_in=${csrf}`).type('form').send({ _csrf: csrfFrom(form.text), token });
    this.session = cookieFrom(response, 'board_session') ?? this.session;
    return response;
  }

  /** The CSRF token the session's pages carry. */
  async csrf(): Promise<string> {
    return csrfFrom((await this.get('/board').expect(200)).text);
  }
}
