import { applyDecorators } from '@nestjs/common';
import { IsISO8601, Matches, ValidationOptions } from 'class-validator';
import { MONEY_PATTERN } from '../money/money';

export const PERIOD_PATTERN = /^\d{4}-(0[1-9]|1[0-2])$/;
export const DATE_PATTERN = /^\d{4}-\d{2}-\d{2}$/;
export const CODE_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]{0,31}$/;

/** Exact money as a decimal string: up to 13 digits before the point and 2 after, never a float. */
export const IsMoney = (options?: ValidationOptions): PropertyDecorator =>
  Matches(MONEY_PATTERN, { message: ({ property }) => `${property} must be a decimal string such as "1234.50" (up to 13 digits and 2 decimal places)`, ...options });

/** A calendar date, YYYY-MM-DD, that exists. */
export const IsDateOnly = (options?: ValidationOptions): PropertyDecorator =>
  applyDecorators(
    Matches(DATE_PATTERN, { message: ({ property }) => `${property} must be a date as YYYY-MM-DD`, ...options }),
    IsISO8601({ strict: true }, { message: ({ property }) => `${property} is not a real calendar date`, ...options }),
  );

/** A reporting period, YYYY-MM. */
export const IsPeriod = (options?: ValidationOptions): PropertyDecorator =>
  Matches(PERIOD_PATTERN, { message: ({ property }) => `${property} must be a period as YYYY-MM`, ...options });

/** A short human code such as "CS-01". */
export const IsCode = (options?: ValidationOptions): PropertyDecorator =>
  Matches(CODE_PATTERN, { message: ({ property }) => `${property} must be 1-32 letters, digits, ".", "_" or "-", starting with a letter or digit`, ...options });

