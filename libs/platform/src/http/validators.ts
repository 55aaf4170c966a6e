import { applyDecorators } from '@nestjs/common';
import { Transform } from 'class-transformer';
import { IsBoolean, IsOptional, Matches, ValidateBy, ValidateIf, ValidationOptions } from 'class-validator';
import { MONEY_MESSAGE, MONEY_PATTERN } from '../money/money';
import { isCalendarDate, isPeriod, isTimestamp } from '../time/uk-dates';

/**
 * The request validators every area's DTOs use: one decorator per kind of value, one message each.
 * Area-specific rules (a financial year, an evidence date) live beside the area's DTOs and build on
 * these.
 */

export const PERIOD_PATTERN = /^(19|[2-9]\d)\d\d-(0[1-9]|1[0-2])$/;
export const DATE_PATTERN = /^(19|[2-9]\d)\d\d-\d{2}-\d{2}$/;
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

/** A reporting period, YYYY-MM, year 1900-9999. */
export const IsPeriod = (options?: ValidationOptions): PropertyDecorator =>
  ValidateBy({ name: 'isPeriod', validator: { validate: (value) => isPeriod(value), defaultMessage: (args) => `${args?.property} must be a period as YYYY-MM (year 1900-9999, month 01-12)` } }, options);

/** An RFC 3339 date-time with an offset whose date exists; kept as the string the client sent. */
export const IsTimestamp = (options?: ValidationOptions): PropertyDecorator =>
  ValidateBy({ name: 'isTimestamp', validator: { validate: (value) => isTimestamp(value), defaultMessage: (args) => `${args?.property} must be a real date-time as YYYY-MM-DDThh:mm:ssZ (or with an offset such as +01:00)` } }, options);

const DIGITS = /^(0|[1-9]\d{0,8})$/;

/**
 * A whole number in a query string: decimal digits only. `Number()` would take "0x10", " 10", "1e1"
 * and "" as numbers; a client sending those has a bug worth telling them about. Optional.
 */
export function IsQueryInt(range: { min?: number; max?: number } = {}): PropertyDecorator {
  return applyDecorators(
    Transform(({ value }) => (typeof value === 'string' && DIGITS.test(value) ? Number(value) : value)),
    IsOptional(),
    ValidateBy({
      name: 'isQueryInt',
      validator: {
        validate: (value) => typeof value === 'number' && Number.isInteger(value) && (range.min === undefined || value >= range.min) && (range.max === undefined || value <= range.max),
        defaultMessage: (args) => `${args?.property} must be a whole number written in digits${range.min !== undefined ? ` from ${range.min}` : ''}${range.max !== undefined ? ` to ${range.max}` : ''}`,
      },
    }),
  );
}

// C0 and C1 controls, and the Unicode line/paragraph separators; tabs and newlines are not names either.
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/;
const VISIBLE = /[^\s\u200b-\u200d\u2060\ufeff]/u;

/**
 * A name or title people read: at least one visible character, and no control characters (which
 * render as nothing, or break CSV and board pages). A name made only of spaces is not a name.
 */
export const IsName = (options?: ValidationOptions): PropertyDecorator =>
  ValidateBy(
    {
      name: 'isName',
      validator: {
        // An empty string is left to the field's length rule, so it gets one message, not two.
        validate: (value) => typeof value !== 'string' || value === '' || (VISIBLE.test(value) && !CONTROL.test(value)),
        defaultMessage: (args) => `${args?.property} must contain visible characters and no control characters`,
      },
    },
    options,
  );

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
