import { Body, Controller, Get, Headers, Patch, Res } from '@nestjs/common';
import { ApiHeader, ApiOkResponse, ApiOperation, ApiProperty, ApiTags } from '@nestjs/swagger';
import { IsInt, Max, Min } from 'class-validator';
import type { FastifyReply } from 'fastify';
import { Actor, AdminAllowance, Auth, CurrentActor, OrganisationEntity, OrganisationService, RATE_LIMIT_BOUNDS, RateLimiter, requireIfMatch, toOrganisationView, withEtag } from '@app/platform';
import { OrganisationResponse, RateLimitResponse } from './organisation.responses';

export class RateLimitDto {
  @ApiProperty({ description: 'requests each token may make per window', minimum: RATE_LIMIT_BOUNDS.requests.min, maximum: RATE_LIMIT_BOUNDS.requests.max, example: 1200 })
  @IsInt() @Min(RATE_LIMIT_BOUNDS.requests.min) @Max(RATE_LIMIT_BOUNDS.requests.max)
  requests: number;

  @ApiProperty({ description: 'window length in seconds', minimum: RATE_LIMIT_BOUNDS.windowSeconds.min, maximum: RATE_LIMIT_BOUNDS.windowSeconds.max, example: 60 })
  @IsInt() @Min(RATE_LIMIT_BOUNDS.windowSeconds.min) @Max(RATE_LIMIT_BOUNDS.windowSeconds.max)
  windowSeconds: number;
}

@ApiTags('organisation')
@Controller('v1/organisation')
export class OrganisationController {
  constructor(
    private readonly organisations: OrganisationService,
    private readonly limiter: RateLimiter,
  ) {}

  @Get()
  @Auth('portfolio:read')
  @ApiOperation({ summary: "Read the caller's organisation" })
  @ApiOkResponse({ description: "the caller's organisation", type: OrganisationResponse })
  async get(@CurrentActor() actor: Actor) {
    return toOrganisationView(await this.organisations.get(actor.organisationId));
  }

  @Get('rate-limit')
  @Auth('portfolio:read')
  @AdminAllowance()
  @ApiOperation({ summary: "Read the organisation's rate limit", description: "How many requests each token may make per window: the organisation's own setting, or the deployment's default. Every answer's RateLimit and RateLimit-Policy headers show the same." })
  @ApiOkResponse({ description: "each token's request allowance (the organisation's own, or the default), with the organisation's version as ETag", type: RateLimitResponse })
  async rateLimit(@CurrentActor() actor: Actor, @Res({ passthrough: true }) reply: FastifyReply) {
    return withEtag(reply, this.view(await this.organisations.get(actor.organisationId)));
  }

  @Patch('rate-limit')
  @Auth('admin')
  @ApiOperation({ summary: "Change the organisation's rate limit", description: "Sets each token's allowance, within the deployment's bounds. Needs If-Match with the organisation's ETag last read (412 when stale, 428 without). Administration routes never get less than the deployment's default, so a tiny limit can be raised again." })
  @ApiHeader({ name: 'If-Match', required: true, description: 'the ETag you last read, e.g. "3"; * for any version', schema: { type: 'string', example: '"3"' } })
  @ApiOkResponse({ description: 'the allowance after the change; it applies from the next request', type: RateLimitResponse })
  async updateRateLimit(@CurrentActor() actor: Actor, @Headers('if-match') ifMatch: string | undefined, @Body() body: RateLimitDto, @Res({ passthrough: true }) reply: FastifyReply) {
    const org = await this.organisations.updateSettings(actor, requireIfMatch(ifMatch), { section: { name: 'rateLimit', values: { requests: body.requests, windowSeconds: body.windowSeconds } } });
    return withEtag(reply, this.view(org));
  }

  private view(org: OrganisationEntity) {
    return { ...this.limiter.policyFor(org.settings.rateLimit as never), version: org.version };
  }
}
