import { Body, Controller, Get, Param, Put } from '@nestjs/common';
import { ApiForbiddenResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Actor, Auth, CurrentActor } from '@app/platform';
import { NotificationPreferencesService } from '@app/notifications';
import { KindParams, SetPreferenceDto } from './notifications.dto';
import { PreferenceResponse } from './notifications.responses';

/** The signed-in person's own email choices: any person may read and set theirs. */
@ApiTags('notifications')
@Controller('v1/me/notification-preferences')
export class NotificationPreferencesController {
  constructor(private readonly preferences: NotificationPreferencesService) {}

  @Get()
  @Auth('portfolio:read')
  @ApiOperation({ summary: 'Read my notification preferences', description: 'Each kind of email notification and how the calling person receives it (immediate when never chosen). A token that belongs to no person has none (403 `person_required`).' })
  @ApiOkResponse({ description: 'each kind of notification and how the person receives it', type: PreferenceResponse, isArray: true })
  @ApiForbiddenResponse({ description: 'person_required: a token that belongs to no person has no preferences' })
  list(@CurrentActor() actor: Actor) {
    return this.preferences.list(actor);
  }

  @Put(':kind')
  @Auth('portfolio:read')
  @ApiOperation({ summary: 'Set how I receive a kind of notification', description: 'immediate, in the weekly digest, or off; any person may set their own. A token that belongs to no person has none (403 `person_required`).' })
  @ApiOkResponse({ description: 'the kind with its new mode', type: PreferenceResponse })
  @ApiForbiddenResponse({ description: 'person_required: a token that belongs to no person has no preferences' })
  set(@CurrentActor() actor: Actor, @Param() params: KindParams, @Body() body: SetPreferenceDto) {
    return this.preferences.set(actor, params.kind, body.mode);
  }
}
