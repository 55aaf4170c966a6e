import { getQueueToken } from '@nestjs/bull';
import { Injectable } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import type { Queue } from 'bull';
import { QueueName, QUEUES } from '@app/platform';

/** Every registered queue by name, for the relay and the schedules. */
@Injectable()
export class QueueRegistry {
  constructor(private readonly moduleRef: ModuleRef) {}

  get(name: string): Queue {
    if (!(Object.values(QUEUES) as string[]).includes(name)) throw new Error(`unknown queue ${name}`);
    return this.moduleRef.get<Queue>(getQueueToken(name as QueueName), { strict: false });
  }

  all(): Queue[] {
    return Object.values(QUEUES).map((name) => this.get(name));
  }
}
