import { applyDecorators } from '@nestjs/common';
import { Transform } from 'class-transformer';
import { IsBoolean, Matches, ValidateBy, ValidateIf, ValidationOptions } from 'class-validator';
import { MONEY_MESSAGE, MONEY_PATTERN } from '../money/money';
import { isCalendarDate } from '../time/uk-dates';

/**
 * The request validators every area's DTOs use: one decorator per kind of value, one message each.
 * Area-specific rules (a financial year, an evidence date) live beside the area's DTOs and build on
 * these.
 */

export const PERIOD_PATTERN = /^\d{4}-(0[1-9]|1[0-2])$/;
export const DATE_PATTERN = /^\d{4}-\d{2}-\d{2}$/;
export const CODE_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]{0,31}$/;

/**
 * Exact money as a decimal string ("1234.50"): never a JSON number, so it cannot pass through a
 * float. `positive` also refuses zero.
 */
export function IsMoney(options: { positive?: boolean } & ValidationOptions = {}): PropertyDecorator {
  const { positive, ...validation } = options;
  return ValidateBy(
    {
      name: 'isMoney',
      validator: {
        validate: (value: unknown) => typeof value === 'string' && MONEY_PATTERN.test(value) && (!positive || /[1-9]/.test(value)),
        defaultMessage: (args) => (positive ? `${args?.property} must be greater than zero and ${MONEY_MESSAGE}` : `${args?.property} ${MONEY_MESSAGE}`),
      },
    },
    validation,
  );
}

/** A calendar date, YYYY-MM-DD, that exists (no 2026-02-30). */
export const IsDateOnly = (options?: ValidationOptions): PropertyDecorator =>
  ValidateBy({ name: 'isDateOnly', validator: { validate: (value) => isCalendarDate(value), defaultMessage: (args) => `${args?.property} must be a real date written YYYY-MM-DD` } }, options);

/** A reporting period, YYYY-MM. */
export const IsPeriod = (options?: ValidationOptions): PropertyDecorator =>
  Matches(PERIOD_PATTERN, { message: ({ property }) => `${property} must be a period as YYYY-MM`, ...options });

/** A short human code such as "CS-01". */
export const IsCode = (options?: ValidationOptions): PropertyDecorator =>
  Matches(CODE_PATTERN, { message: ({ property }) => `${property} must be 1-32 letters, digits, ".", "_" or "-", starting with a letter or digit`, ...options });

/** Optional in a PATCH, but never null: absent means "leave it", null would mean nothing sensible. */
export const IsPresentIfSent = (options?: ValidationOptions): PropertyDecorator => ValidateIf((_, value) => value !== undefined, options);

/** A query-string boolean: only "true" or "false". */
export const IsQueryBoolean = (): PropertyDecorator =>
  applyDecorators(
    Transform(({ value }) => (value === 'true' ? true : value === 'false' ? false : value)),
    IsBoolean({ message: ({ property }) => `${property} must be true or false` }),
  );
