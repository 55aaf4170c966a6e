import { Controller, Get, Header, HttpCode, Post, Query } from '@nestjs/common';
import { ApiConsumes, ApiNotFoundResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
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
  @ApiOkResponse({ description: 'a page with a button that unsubscribes' })
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
  @ApiOkResponse({ description: 'unsubscribed from that kind of email' })
  @ApiNotFoundResponse({ description: 'no such unsubscribe link' })
  async unsubscribe(@Query() query: UnsubscribeQuery): Promise<string> {
    const { title } = await this.preferences.unsubscribe(query.token);
    return page('Unsubscribed', `<h1>You are unsubscribed</h1><p>You will get no more emails about "${title}". You can turn them back on in your notification settings.</p>`);
  }
}
