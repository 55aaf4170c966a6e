import { ApiProperty } from '@nestjs/swagger';
import { IsIn, IsString, Length, Matches } from 'class-validator';
import { DELIVERY_MODES, DeliveryMode, NOTIFICATION_KINDS, NotificationKind } from '@app/notifications';

export class KindParams {
  @ApiProperty({ enum: NOTIFICATION_KINDS }) @IsIn(NOTIFICATION_KINDS, { message: `kind must be one of ${NOTIFICATION_KINDS.join(', ')}` }) kind: NotificationKind;
}

export class SetPreferenceDto {
  @ApiProperty({ enum: DELIVERY_MODES, example: 'digest', description: 'immediate: an email each time; digest: in the weekly email; off: no email' })
  @IsIn(DELIVERY_MODES, { message: `mode must be one of ${DELIVERY_MODES.join(', ')}` })
  mode: DeliveryMode;
}

export class UnsubscribeQuery {
  @ApiProperty({ description: 'the token from the email', minLength: 20, maxLength: 64, pattern: '^[A-Za-z0-9_-]+$', example: 'Qm9hcmRQYWNrVW5zdWJzY3JpYmVUb2tlbjE' }) @IsString() @Length(20, 64) @Matches(/^[A-Za-z0-9_-]+$/, { message: 'token is not one this service sends' }) token: string;
}
