/** Evidence dates are UK calendar days; the helpers live in the platform so every area agrees. */
export { todayInLondon as londonToday, addDays, daysBetween } from '@app/platform';
