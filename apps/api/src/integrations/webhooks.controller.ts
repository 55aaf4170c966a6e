import { Body, Controller, Delete, Get, Headers, HttpCode, Param, Patch, Post, Query, Res } from '@nestjs/common';
import { ApiBadRequestResponse, ApiConflictResponse, ApiCreatedResponse, ApiHeader, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { Actor, ApiPageResponse, Auth, CurrentActor, PageQuery, requireIfMatch, withEtag, ParseIdPipe } from '@app/platform';
import { DeliveryDetailResponse, DeliveryResponse, WebhookResponse, WebhookWithSecretResponse } from './webhooks.responses';
import { WebhooksService } from '@app/integrations';
import { CreateWebhookDto, DeliveryQuery, UpdateWebhookDto } from './webhooks.dto';

const uuid = new ParseIdPipe();

@ApiTags('webhooks')
@Controller('v1/webhooks')
@Auth('admin')
export class WebhooksController {
  constructor(private readonly webhooks: WebhooksService) {}

  @Post()
  @ApiOperation({ summary: 'Subscribe a webhook', description: 'Domain events of the types chosen are POSTed to the URL as JSON, signed with the subscription’s secret, and retried with backoff until they succeed or die. The URL must be https and resolve to public addresses. The secret is in `secret`, shown this once.' })
  @ApiCreatedResponse({ description: 'the subscription, with its signing `secret` shown this once; its version in ETag, its URL in Location', type: WebhookWithSecretResponse })
  @ApiBadRequestResponse({ description: 'an unknown event type, or a URL that is not https or resolves to a private address' })
  async create(@CurrentActor() actor: Actor, @Body() body: CreateWebhookDto, @Res({ passthrough: true }) reply: FastifyReply) {
    return withEtag(reply, await this.webhooks.create(actor, body));
  }

  @Get()
  @ApiOperation({ summary: 'List webhooks', description: 'Subscriptions, oldest first, a page at a time, without their secrets; deleted ones are left out.' })
  @ApiPageResponse(WebhookResponse, 'subscriptions, oldest first, without secrets; deleted ones left out')
  list(@CurrentActor() actor: Actor, @Query() query: PageQuery) {
    return this.webhooks.list(actor, query);
  }

  @Get(':id')
  @ApiOperation({ summary: 'Read a webhook' })
  @ApiOkResponse({ description: 'the subscription (never its secret), with its version in ETag', type: WebhookResponse })
  @ApiNotFoundResponse()
  async get(@CurrentActor() actor: Actor, @Param('id', uuid) id: string, @Res({ passthrough: true }) reply: FastifyReply) {
    return withEtag(reply, await this.webhooks.get(actor, id));
  }

  @Patch(':id')
  @ApiHeader({ name: 'If-Match', required: true, description: 'the ETag you last read, e.g. "3"; * for any version', schema: { type: 'string', example: '"3"' } })
  @ApiOperation({ summary: 'Update a webhook', description: 'Changes the fields sent; active false pauses deliveries, true resumes them and resets the failure count. Needs If-Match with the ETag last read (412 when stale, 428 without). A deleted subscription is 409 `webhook_deleted`.' })
  @ApiOkResponse({ description: 'the updated subscription', type: WebhookResponse })
  @ApiNotFoundResponse()
  @ApiConflictResponse({ description: 'the subscription was deleted' })
  async update(@CurrentActor() actor: Actor, @Param('id', uuid) id: string, @Headers('if-match') ifMatch: string | undefined, @Body() body: UpdateWebhookDto, @Res({ passthrough: true }) reply: FastifyReply) {
    return withEtag(reply, await this.webhooks.update(actor, id, requireIfMatch(ifMatch), body));
  }

  @Delete(':id')
  @HttpCode(200)
  @ApiOperation({ summary: 'Delete a webhook', description: 'Stops deliveries and hides the subscription; its deliveries stay readable in the audit trail. Deleting it again changes nothing.' })
  @ApiOkResponse({ description: 'the subscription, stopped and marked deleted', type: WebhookResponse })
  @ApiNotFoundResponse()
  remove(@CurrentActor() actor: Actor, @Param('id', uuid) id: string) {
    return this.webhooks.remove(actor, id);
  }

  @Post(':id/rotate-secret')
  @HttpCode(200)
  @ApiOperation({ summary: "Rotate a webhook's signing secret", description: 'A new secret, shown this once; deliveries from now on are signed with it and the old one stops signing at once. A deleted subscription is 409 `webhook_deleted`.' })
  @ApiOkResponse({ description: 'the subscription with a new `secret`, shown this once; the old one stops signing at once', type: WebhookWithSecretResponse })
  @ApiNotFoundResponse()
  @ApiConflictResponse({ description: 'the subscription was deleted' })
  async rotateSecret(@CurrentActor() actor: Actor, @Param('id', uuid) id: string, @Res({ passthrough: true }) reply: FastifyReply) {
    return withEtag(reply, await this.webhooks.rotateSecret(actor, id));
  }

  @Get(':id/deliveries')
  @ApiOperation({ summary: "List a webhook's deliveries", description: 'Newest first, a page at a time; filter by status.' })
  @ApiPageResponse(DeliveryResponse, 'deliveries, newest first: event, status, attempts, last response')
  @ApiNotFoundResponse()
  deliveries(@CurrentActor() actor: Actor, @Param('id', uuid) id: string, @Query() query: DeliveryQuery) {
    return this.webhooks.deliveries(actor, id, query);
  }

  @Get(':id/deliveries/:deliveryId')
  @ApiOperation({ summary: 'Read a webhook delivery', description: 'The body sent and every attempt: when, how long, the receiver’s status and the start of its answer.' })
  @ApiOkResponse({ description: 'one delivery with the body sent and every attempt', type: DeliveryDetailResponse })
  @ApiNotFoundResponse()
  delivery(@CurrentActor() actor: Actor, @Param('id', uuid) id: string, @Param('deliveryId', uuid) deliveryId: string) {
    return this.webhooks.delivery(actor, id, deliveryId);
  }
}
