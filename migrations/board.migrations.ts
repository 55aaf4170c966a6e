import { Board1763800007000 } from './1763800007000-board';

export const BOARD_MIGRATIONS = [Board1763800007000];
