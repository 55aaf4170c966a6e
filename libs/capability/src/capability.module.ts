import { Module } from '@nestjs/common';
import { CapabilityService } from './capability.service';

/** The capability domain: capability plans, knowledge transfer, reliance on outside expertise. No HTTP here. */
@Module({ providers: [CapabilityService], exports: [CapabilityService] })
export class CapabilityModule {}
