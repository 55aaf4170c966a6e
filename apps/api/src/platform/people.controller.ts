import { Body, Controller, Get, Headers, HttpCode, Param, Patch, Post, Query, Res } from '@nestjs/common';
import { ApiConflictResponse, ApiCreatedResponse, ApiHeader, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { ArrayMaxSize, ArrayMinSize, ArrayUnique, IsArray, IsEmail, IsIn, IsOptional, IsString, Length, MaxLength } from 'class-validator';
import type { FastifyReply } from 'fastify';
import { Actor, ApiPageResponse, Auth, CurrentActor, ORGANISATION_ROLES, OrganisationRole, PageQuery, PeopleService, PERSON_STATUSES, requireIfMatch, withEtag, IsName, ParseIdPipe } from '@app/platform';
import { PersonResponse } from './people.responses';

export class InvitePersonDto {
  @ApiProperty({ example: 'sam.jones@demo-council.gov.uk', maxLength: 254 })
  @IsEmail({}, { message: 'email must be an email address' }) @MaxLength(254)
  email: string;

  @ApiPropertyOptional({ example: 'Sam Jones', maxLength: 200, description: 'replaced by the name the identity provider gives at first sign-in' })
  @IsOptional() @IsString() @Length(1, 200)
  @IsName() name?: string;

  @ApiPropertyOptional({ enum: ORGANISATION_ROLES, isArray: true, default: ['viewer'] })
  @IsOptional() @IsArray() @ArrayMaxSize(ORGANISATION_ROLES.length) @ArrayUnique() @IsIn(ORGANISATION_ROLES, { each: true, message: `each role must be one of ${ORGANISATION_ROLES.join(', ')}` })
  roles?: OrganisationRole[];
}

export class PersonRolesDto {
  @ApiProperty({ enum: ORGANISATION_ROLES, isArray: true, example: ['pmo'] })
  @IsArray() @ArrayMinSize(1) @ArrayMaxSize(ORGANISATION_ROLES.length) @ArrayUnique() @IsIn(ORGANISATION_ROLES, { each: true, message: `each role must be one of ${ORGANISATION_ROLES.join(', ')}` })
  roles: OrganisationRole[];
}

export class PeopleQuery extends PageQuery {
  @ApiPropertyOptional({ enum: PERSON_STATUSES })
  @IsOptional() @IsIn(PERSON_STATUSES)
  status?: string;
}

@ApiTags('people')
@Controller('v1/people')
@Auth('admin')
export class PeopleController {
  constructor(private readonly people: PeopleService) {}

  @Get()
  @ApiOperation({ summary: 'List people', description: 'Everyone in the organisation (invited, active and deactivated), by email, a page at a time; filter by status.' })
  @ApiPageResponse(PersonResponse, 'people in the organisation, by email')
  list(@CurrentActor() actor: Actor, @Query() query: PeopleQuery) {
    return this.people.list(actor, query);
  }

  @Post()
  @ApiOperation({ summary: 'Invite a person', description: 'Adds someone by email, as invited: they become active when they first sign in through the identity provider. An email already in the organisation is 409 `person_exists`.' })
  @ApiCreatedResponse({ description: 'the invited person; they become active at their first sign-in; their URL in Location', type: PersonResponse })
  @ApiConflictResponse({ description: 'the email is already a person in this organisation' })
  invite(@CurrentActor() actor: Actor, @Body() body: InvitePersonDto) {
    return this.people.invite(actor, body);
  }

  @Get(':id')
  @ApiOperation({ summary: 'Read a person' })
  @ApiOkResponse({ description: 'one person, with the version as ETag', type: PersonResponse })
  @ApiNotFoundResponse({ description: 'no such person in this organisation' })
  async get(@CurrentActor() actor: Actor, @Param('id', new ParseIdPipe()) id: string, @Res({ passthrough: true }) reply: FastifyReply) {
    return withEtag(reply, await this.people.get(actor, id));
  }

  @Patch(':id/roles')
  @ApiOperation({ summary: "Change a person's roles", description: 'Replaces their organisation roles. Needs If-Match with the ETag last read (412 when stale, 428 without). An admin cannot remove their own admin role (409 `own_admin_role`).' })
  @ApiHeader({ name: 'If-Match', required: true, description: 'the ETag you last read, e.g. "3"; * for any version', schema: { type: 'string', example: '"3"' } })
  @ApiOkResponse({ description: 'the person with their new roles', type: PersonResponse })
  @ApiConflictResponse({ description: 'you cannot remove your own admin role' })
  @ApiNotFoundResponse({ description: 'no such person in this organisation' })
  async updateRoles(@CurrentActor() actor: Actor, @Param('id', new ParseIdPipe()) id: string, @Headers('if-match') ifMatch: string | undefined, @Body() body: PersonRolesDto, @Res({ passthrough: true }) reply: FastifyReply) {
    return withEtag(reply, await this.people.updateRoles(actor, id, requireIfMatch(ifMatch), body.roles));
  }

  @Post(':id/deactivate')
  @HttpCode(200)
  @ApiOperation({ summary: 'Deactivate a person', description: 'At once: their board sessions end and their tokens are revoked, in the same transaction. Deactivating someone already deactivated changes nothing. You cannot deactivate yourself (409 `own_account`).' })
  @ApiOkResponse({ description: 'the deactivated person: their sessions are ended and their tokens revoked', type: PersonResponse })
  @ApiConflictResponse({ description: 'you cannot deactivate yourself' })
  @ApiNotFoundResponse({ description: 'no such person in this organisation' })
  deactivate(@CurrentActor() actor: Actor, @Param('id', new ParseIdPipe()) id: string) {
    return this.people.deactivate(actor, id);
  }
}
