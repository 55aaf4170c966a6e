import { Body, Controller, Delete, Get, Headers, HttpCode, Param, Patch, Post, Query, Res } from '@nestjs/common';
import { ApiBadRequestResponse, ApiConflictResponse, ApiCreatedResponse, ApiHeader, ApiNotFoundResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { Actor, Auth, CurrentActor, PageQuery, requireIfMatch, withEtag, ParseIdPipe } from '@app/platform';
import { WebhooksService } from '@app/integrations';
import { CreateWebhookDto, DeliveryQuery, UpdateWebhookDto } from './webhooks.dto';

const uuid = new ParseIdPipe();

@ApiTags('webhooks')
@Controller('v1/webhooks')
@Auth('admin')
export class WebhooksController {
  constructor(private readonly webhooks: WebhooksService) {}

  @Post()
  @ApiCreatedResponse({ description: 'the subscription, with its signing `secret` shown this once' })
  @ApiBadRequestResponse({ description: 'an unknown event type, or a URL that is not https or resolves to a private address' })
  async create(@CurrentActor() actor: Actor, @Body() body: CreateWebhookDto, @Res({ passthrough: true }) reply: FastifyReply) {
    return withEtag(reply, await this.webhooks.create(actor, body));
  }

  @Get()
  @ApiOkResponse({ description: 'subscriptions, oldest first, without secrets; deleted ones left out' })
  list(@CurrentActor() actor: Actor, @Query() query: PageQuery) {
    return this.webhooks.list(actor, query);
  }

  @Get(':id')
  @ApiOkResponse({ description: 'the subscription (never its secret), with its version in ETag' })
  @ApiNotFoundResponse()
  async get(@CurrentActor() actor: Actor, @Param('id', uuid) id: string, @Res({ passthrough: true }) reply: FastifyReply) {
    return withEtag(reply, await this.webhooks.get(actor, id));
  }

  @Patch(':id')
  @ApiHeader({ name: 'If-Match', required: true, description: 'the version you last read' })
  @ApiOkResponse({ description: 'the updated subscription; 412 if the version is stale, 428 without If-Match' })
  @ApiConflictResponse({ description: 'the subscription was deleted' })
  async update(@CurrentActor() actor: Actor, @Param('id', uuid) id: string, @Headers('if-match') ifMatch: string | undefined, @Body() body: UpdateWebhookDto, @Res({ passthrough: true }) reply: FastifyReply) {
    return withEtag(reply, await this.webhooks.update(actor, id, requireIfMatch(ifMatch), body));
  }

  @Delete(':id')
  @HttpCode(200)
  @ApiOkResponse({ description: 'the subscription, stopped and marked deleted; its deliveries stay readable' })
  @ApiNotFoundResponse()
  remove(@CurrentActor() actor: Actor, @Param('id', uuid) id: string) {
    return this.webhooks.remove(actor, id);
  }

  @Post(':id/rotate-secret')
  @HttpCode(200)
  @ApiOkResponse({ description: 'the subscription with a new `secret`, shown this once; the old one stops signing at once' })
  @ApiNotFoundResponse()
  async rotateSecret(@CurrentActor() actor: Actor, @Param('id', uuid) id: string, @Res({ passthrough: true }) reply: FastifyReply) {
    return withEtag(reply, await this.webhooks.rotateSecret(actor, id));
  }

  @Get(':id/deliveries')
  @ApiOkResponse({ description: 'deliveries, newest first: event, status, attempts, last response' })
  @ApiNotFoundResponse()
  deliveries(@CurrentActor() actor: Actor, @Param('id', uuid) id: string, @Query() query: DeliveryQuery) {
    return this.webhooks.deliveries(actor, id, query);
  }

  @Get(':id/deliveries/:deliveryId')
  @ApiOkResponse({ description: 'one delivery with the body sent and every attempt' })
  @ApiNotFoundResponse()
  delivery(@CurrentActor() actor: Actor, @Param('id', uuid) id: string, @Param('deliveryId', uuid) deliveryId: string) {
    return this.webhooks.delivery(actor, id, deliveryId);
  }
}
