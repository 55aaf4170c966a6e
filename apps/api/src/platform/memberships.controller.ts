import { Body, Controller, Delete, Get, HttpCode, Param, Post, Put, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiNotFoundResponse, ApiOkResponse, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { IsBoolean, IsIn, IsOptional, IsUUID } from 'class-validator';
import { Actor, Auth, CurrentActor, MEMBERSHIP_ROLES, MembershipRole, MembershipsService, ParseIdPipe } from '@app/platform';

export class CreateMembershipDto {
  @ApiProperty({ format: 'uuid' })
  @IsUUID('4', { message: 'personId must be a person id' })
  personId: string;

  @ApiProperty({ enum: MEMBERSHIP_ROLES, description: 'sro and programme_manager are roles on a programme; project_manager and contributor on a project' })
  @IsIn(MEMBERSHIP_ROLES, { message: `role must be one of ${MEMBERSHIP_ROLES.join(', ')}` })
  role: MembershipRole;

  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional() @IsUUID('4', { message: 'programmeId must be a programme id' })
  programmeId?: string;

  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional() @IsUUID('4', { message: 'projectId must be a project id' })
  projectId?: string;
}

export class MembershipQuery {
  @ApiPropertyOptional({ format: 'uuid' }) @IsOptional() @IsUUID('4') personId?: string;
  @ApiPropertyOptional({ format: 'uuid' }) @IsOptional() @IsUUID('4') programmeId?: string;
  @ApiPropertyOptional({ format: 'uuid' }) @IsOptional() @IsUUID('4') projectId?: string;
}

export class RestrictionDto {
  @ApiProperty({ description: 'true: only members and organisation roles beyond viewer see the programme' })
  @IsBoolean({ message: 'restricted must be true or false' })
  restricted: boolean;
}

@ApiTags('people')
@Controller('v1')
@Auth('admin')
export class MembershipsController {
  constructor(private readonly memberships: MembershipsService) {}

  @Post('memberships')
  @ApiCreatedResponse({ description: 'the membership: the person may now write within that programme or project' })
  @ApiNotFoundResponse({ description: 'no such person, programme or project in this organisation' })
  add(@CurrentActor() actor: Actor, @Body() body: CreateMembershipDto) {
    return this.memberships.add(actor, body);
  }

  @Get('memberships')
  @ApiOkResponse({ description: 'memberships, filtered by person, programme or project' })
  list(@CurrentActor() actor: Actor, @Query() query: MembershipQuery) {
    return this.memberships.list(actor, query);
  }

  @Delete('memberships/:id')
  @HttpCode(200)
  @ApiOkResponse({ description: 'the removed membership' })
  @ApiNotFoundResponse({ description: 'no such membership in this organisation' })
  remove(@CurrentActor() actor: Actor, @Param('id', new ParseIdPipe()) id: string) {
    return this.memberships.remove(actor, id);
  }

  @Get('programmes/:id/restriction')
  @ApiOkResponse({ description: 'whether the programme is restricted' })
  restriction(@CurrentActor() actor: Actor, @Param('id', new ParseIdPipe()) id: string) {
    return this.memberships.isRestricted(actor, id);
  }

  @Put('programmes/:id/restriction')
  @ApiOkResponse({ description: 'the programme restricted (or open) from now on' })
  @ApiNotFoundResponse({ description: 'no such programme in this organisation' })
  restrict(@CurrentActor() actor: Actor, @Param('id', new ParseIdPipe()) id: string, @Body() body: RestrictionDto) {
    return this.memberships.setRestricted(actor, id, body.restricted);
  }
}
