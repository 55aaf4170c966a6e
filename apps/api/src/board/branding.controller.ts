import { Body, Controller, Get, Headers, Patch, Res } from '@nestjs/common';
import { ApiHeader, ApiOkResponse, ApiOperation, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { IsOptional, IsString, Matches, MaxLength, ValidateIf } from 'class-validator';
import type { FastifyReply } from 'fastify';
import { Actor, Auth, CurrentActor, OrganisationEntity, OrganisationService, requireIfMatch, withEtag } from '@app/platform';
import { BRAND_COLOUR, BRAND_LOGO, BRAND_LOGO_MAX, brandOf, type Brand } from './brand';

export class BrandingDto {
  @ApiPropertyOptional({ nullable: true, description: `the logo for the board's header, as a data: URL of a PNG, JPEG or SVG image (at most ${BRAND_LOGO_MAX} characters); null removes it`, example: 'data:image/png;base64,iVBORw0KGgo...' })
  @IsOptional() @ValidateIf((_, v) => v !== null) @IsString() @MaxLength(BRAND_LOGO_MAX) @Matches(BRAND_LOGO, { message: 'logo must be a data: URL of a PNG, JPEG or SVG image, base64-encoded' })
  logo?: string | null;

  @ApiPropertyOptional({ nullable: true, description: "the header's colour, as #rrggbb; null goes back to the default", example: '#005ea5' })
  @IsOptional() @ValidateIf((_, v) => v !== null) @IsString() @Matches(BRAND_COLOUR, { message: 'colour must be a colour like #005ea5' })
  colour?: string | null;
}

export class BrandingResponse implements Brand {
  @ApiProperty({ example: 'Demo Council', description: "the organisation's name, always shown" }) name!: string;
  @ApiProperty({ type: String, nullable: true, pattern: BRAND_LOGO.source, maxLength: BRAND_LOGO_MAX, description: 'the logo as a data: URL of a PNG, JPEG or SVG image; null: none', example: 'data:image/png;base64,iVBORw0KGgo=' }) logo!: string | null;
  @ApiProperty({ type: String, nullable: true, pattern: BRAND_COLOUR.source, description: "the header's colour, lower-case; null: the default", example: '#005ea5' }) colour!: string | null;
  @ApiProperty({ minimum: 1, example: 3, description: "the organisation's version, also in ETag; send it as If-Match to change the branding" }) version!: number;
}

/** The organisation's branding on the board: its name always, and a logo and header colour if it sets them. */
@ApiTags('organisation')
@Controller('v1/organisation/branding')
export class BrandingController {
  constructor(private readonly organisations: OrganisationService) {}

  @Get()
  @Auth('portfolio:read')
  @ApiOperation({ summary: "Read the board's branding", description: "The organisation's name, and the logo and header colour it chose for the board." })
  @ApiOkResponse({ description: "the board's branding (name, logo, colour), with the organisation's version as ETag", type: BrandingResponse })
  async get(@CurrentActor() actor: Actor, @Res({ passthrough: true }) reply: FastifyReply) {
    return withEtag(reply, this.view(await this.organisations.get(actor.organisationId)));
  }

  @Patch()
  @Auth('admin')
  @ApiOperation({ summary: "Change the board's branding", description: "Sets the logo and header colour sent; null removes one. Needs If-Match with the organisation's ETag last read (412 when stale, 428 without)." })
  @ApiHeader({ name: 'If-Match', required: true, description: 'the ETag you last read, e.g. "3"; * for any version', schema: { type: 'string', example: '"3"' } })
  @ApiOkResponse({ description: 'the branding after the change; board pages show it from their next load', type: BrandingResponse })
  async update(@CurrentActor() actor: Actor, @Headers('if-match') ifMatch: string | undefined, @Body() body: BrandingDto, @Res({ passthrough: true }) reply: FastifyReply) {
    const values: Record<string, unknown> = {};
    if (body.logo !== undefined) values.logo = body.logo;
    if (body.colour !== undefined) values.colour = body.colour === null ? null : body.colour.toLowerCase();
    const org = await this.organisations.updateSettings(actor, requireIfMatch(ifMatch), { section: { name: 'branding', values } });
    return withEtag(reply, this.view(org));
  }

  private view(org: OrganisationEntity) {
    return { ...brandOf(org), version: org.version };
  }
}
