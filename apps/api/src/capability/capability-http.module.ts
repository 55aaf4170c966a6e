import { Module } from '@nestjs/common';
import { CapabilityModule } from '@app/capability';
import { CapabilityController } from './capability.controller';

@Module({ imports: [CapabilityModule], controllers: [CapabilityController] })
export class CapabilityHttpModule {}
