import { Controller, Get } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Actor, Auth, CurrentActor, PeopleService } from '@app/platform';
import { MeResponse } from './people.responses';

@ApiTags('people')
@Controller('v1/me')
export class MeController {
  constructor(private readonly people: PeopleService) {}

  @Get()
  @Auth('portfolio:read')
  @ApiOperation({ summary: 'Who am I', description: 'The caller: their organisation, the person and token (either may be absent), their effective scopes and, in `can`, what they may do, so a client can show only the actions that will succeed.' })
  @ApiOkResponse({ description: 'who the caller is (person and token) and what they may do', type: MeResponse })
  me(@CurrentActor() actor: Actor) {
    return this.people.me(actor);
  }
}
