import { ApiProperty } from '@nestjs/swagger';
import { MEMBERSHIP_ROLES, ORGANISATION_ROLES, PERSON_STATUSES, SCOPES, type MembershipView, type MeView, type PersonView, type Scope } from '@app/platform';

/* Response schemas for people, memberships and the caller; each `implements` the view the service answers with. */

export class PersonResponse implements PersonView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'email', example: 'sam.jones@demo-council.gov.uk', description: 'lower-cased' }) email!: string;
  @ApiProperty({ example: 'Sam Jones' }) name!: string;
  @ApiProperty({ enum: PERSON_STATUSES, description: 'invited until their first sign-in' }) status!: string;
  @ApiProperty({ enum: ORGANISATION_ROLES, isArray: true, example: ['pmo'] }) roles!: string[];
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) lastSignInAt!: string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) deactivatedAt!: string | null;
  @ApiProperty({ minimum: 1, example: 1, description: 'also in ETag; send it as If-Match to change their roles' }) version!: number;
  @ApiProperty({ format: 'date-time', example: '2026-10-01T09:30:00.000Z' }) createdAt!: string;
}

export class MembershipResponse implements MembershipView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) personId!: string;
  @ApiProperty({ enum: MEMBERSHIP_ROLES, example: 'project_manager' }) role!: string;
  @ApiProperty({ type: String, format: 'uuid', nullable: true, description: 'set for a role on a programme' }) programmeId!: string | null;
  @ApiProperty({ type: String, format: 'uuid', nullable: true, description: 'set for a role on a project' }) projectId!: string | null;
  @ApiProperty({ format: 'date-time', example: '2026-10-01T09:30:00.000Z' }) createdAt!: string;
}

export class MembershipListResponse {
  @ApiProperty({ type: [MembershipResponse], description: 'oldest first, up to 1000' }) data!: MembershipResponse[];
}

export class RestrictionResponse {
  @ApiProperty({ format: 'uuid' }) programmeId!: string;
  @ApiProperty({ description: 'true: only its members and organisation roles beyond viewer see it' }) restricted!: boolean;
}

class MePersonResponse {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ example: 'Sam Jones' }) name!: string;
  @ApiProperty({ format: 'email', example: 'sam.jones@demo-council.gov.uk' }) email!: string;
  @ApiProperty({ enum: ORGANISATION_ROLES, isArray: true, example: ['pmo'] }) roles!: string[];
}

class MeTokenResponse {
  @ApiProperty({ format: 'uuid' }) id!: string;
}

class CapabilitiesResponse implements Record<keyof MeView['can'], boolean> {
  @ApiProperty() readPortfolio!: boolean;
  @ApiProperty() writePortfolio!: boolean;
  @ApiProperty() writeKpis!: boolean;
  @ApiProperty() writeFinance!: boolean;
  @ApiProperty() writeEngagement!: boolean;
  @ApiProperty() writeGovernance!: boolean;
  @ApiProperty() administer!: boolean;
}

export class MeResponse implements MeView {
  @ApiProperty({ format: 'uuid' }) organisationId!: string;
  @ApiProperty({ type: MePersonResponse, nullable: true, description: 'null for a token that belongs to no person' }) person!: MePersonResponse | null;
  @ApiProperty({ type: MeTokenResponse, nullable: true, description: 'null when signed in to the board' }) token!: MeTokenResponse | null;
  @ApiProperty({ enum: ['session', 'token'] }) via!: 'session' | 'token';
  @ApiProperty({ enum: SCOPES, isArray: true, example: ['portfolio:read', 'kpis:write'], description: "the token's scopes, narrowed to the person's roles" }) scopes!: Scope[];
  @ApiProperty({ type: CapabilitiesResponse, description: 'what the caller may do, to show or hide actions' }) can!: MeView['can'];
}
