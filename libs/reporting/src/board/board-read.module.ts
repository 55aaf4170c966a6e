import { Module } from '@nestjs/common';
import { BoardReadsService } from './board-reads.service';
import { BoardSessionsService } from './board-sessions.service';

/** The board dashboard's sessions and its own read queries. */
@Module({ providers: [BoardReadsService, BoardSessionsService], exports: [BoardReadsService, BoardSessionsService] })
export class BoardReadModule {}
