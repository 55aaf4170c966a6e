import { applyDecorators } from '@nestjs/common';
import { Max, MaxLength, Min, ValidateBy } from 'class-validator';
import { IsDateOnly, isCalendarDate, todayInLondon } from '@app/platform';

/** Evidence from before this is a typo, not history. */
export const EARLIEST_EVIDENCE_DATE = '2000-01-01';

/** Evidence is of something that has happened: a date from 2000 up to today (Europe/London). */
export const IsEvidenceDate = (): PropertyDecorator =>
  applyDecorators(
    IsDateOnly(),
    ValidateBy({
      name: 'isNotInFuture',
      validator: {
        validate: (value: unknown) => !isCalendarDate(value) || value <= todayInLondon(),
        defaultMessage: (args) => `${args?.property} cannot be in the future (today is ${todayInLondon()})`,
      },
    }),
    ValidateBy({
      name: 'isNotAncient',
      validator: {
        validate: (value: unknown) => !isCalendarDate(value) || value >= EARLIEST_EVIDENCE_DATE,
        defaultMessage: (args) => `${args?.property} must be on or after ${EARLIEST_EVIDENCE_DATE}`,
      },
    }),
  );

/** A share of respondents: 0 to 100 with at most two decimal places. */
export const IsShare = (): PropertyDecorator =>
  applyDecorators(
    ValidateBy({
      name: 'isShare',
      validator: {
        validate: (value: unknown) => typeof value === 'number' && Number.isFinite(value) && Math.abs(value * 100 - Math.round(value * 100)) < 1e-6,
        defaultMessage: (args) => `${args?.property} must be a number with at most two decimal places`,
      },
    }),
    Min(0),
    Max(100),
  );

export const EXTERNAL_SOURCE = /^[a-z0-9][a-z0-9._-]{0,63}$/;
export const LONG_TEXT = 10_000;
export const Long = (): PropertyDecorator => MaxLength(LONG_TEXT);
