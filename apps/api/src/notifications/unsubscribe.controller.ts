import { Controller, Get, Header, HttpCode, Post, Query } from '@nestjs/common';
import { ApiBody, ApiConsumes, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import { Public } from '@app/platform';
import { NotificationPreferencesService } from '@app/notifications';
import { UnsubscribeQuery } from './notifications.dto';

const page = (title: string, body: string): string => `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${title}</title></head>
<body style="font-family: Arial, sans-serif; max-width: 40em; margin: 2em auto; line-height: 1.5">${body}</body></html>
`;

/**
 * The unsubscribe link of every email. POST is the one-click unsubscribe mail clients send
 * (RFC 8058, body `List-Unsubscribe=One-Click`); GET, which link scanners also follow, only shows a
 * button that POSTs, so nobody is unsubscribed by a scanner.
 */
@ApiTags('notifications')
@Controller('v1/notifications/unsubscribe')
export class UnsubscribeController {
  constructor(private readonly preferences: NotificationPreferencesService) {}

  @Get()
  @Public()
  @Header('content-type', 'text/html; charset=utf-8')
  @ApiOperation({ summary: 'Show the unsubscribe page', description: "The link in every email. It only shows a button that POSTs (link scanners follow GETs), so nobody is unsubscribed by opening it. Answers an HTML page." })
  @ApiProduces('text/html')
  @ApiOkResponse({ description: 'a page with a button that unsubscribes', schema: { type: 'string', example: '<!doctype html>\n<html lang="en">…<button type="submit">Stop these emails</button>…</html>' } })
  confirm(@Query() query: UnsubscribeQuery): string {
    return page(
      'Stop these emails',
      `<h1>Stop these emails?</h1>
<form method="post" action="/v1/notifications/unsubscribe?token=${encodeURIComponent(query.token)}">
<input type="hidden" name="List-Unsubscribe" value="One-Click">
<button type="submit">Stop these emails</button>
</form>`,
    );
  }

  @Post()
  @Public()
  // RFC 8058: mail clients post the one-click form as a form body; the page's own button does too.
  @ApiConsumes('application/x-www-form-urlencoded', 'multipart/form-data')
  @HttpCode(200)
  @Header('content-type', 'text/html; charset=utf-8')
  @ApiOperation({ summary: 'Unsubscribe', description: 'RFC 8058 one-click unsubscribe, as mail clients send it (and the page\'s own button): turns that kind of email off for the person. Answers an HTML page; sending it again is harmless.' })
  @ApiBody({ required: false, schema: { type: 'object', properties: { 'List-Unsubscribe': { type: 'string', enum: ['One-Click'] } }, example: { 'List-Unsubscribe': 'One-Click' } } })
  @ApiProduces('text/html')
  @ApiOkResponse({ description: 'unsubscribed from that kind of email', schema: { type: 'string', example: '<!doctype html>\n<html lang="en">…<h1>You are unsubscribed</h1>…</html>' } })
  @ApiNotFoundResponse({ description: 'no such unsubscribe link' })
  async unsubscribe(@Query() query: UnsubscribeQuery): Promise<string> {
    const { title } = await this.preferences.unsubscribe(query.token);
    return page('Unsubscribed', `<h1>You are unsubscribed</h1><p>You will get no more emails about "${title}". You can turn them back on in your notification settings.</p>`);
  }
}
