import { Notifications1763800021100 } from './1763800021100-notifications';

export const NOTIFICATIONS_MIGRATIONS = [Notifications1763800021100];
