import { registerDecorator, ValidationOptions } from 'class-validator';
import { FINANCIAL_YEAR_RANGE, isFinancialYearInRange } from '@app/finance';

/** A financial year such as 2026-27 within the range the ledger accepts (the shared validators are in @app/platform). */
export function IsFinancialYear(options: ValidationOptions = {}): PropertyDecorator {
  return (target, property) =>
    registerDecorator({
      name: 'isFinancialYear',
      target: target.constructor,
      propertyName: property as string,
      options: { message: `${String(property)} must be a financial year like 2026-27, from ${FINANCIAL_YEAR_RANGE.first} to ${FINANCIAL_YEAR_RANGE.aheadYears} years ahead`, ...options },
      validator: { validate: (value: unknown) => typeof value === 'string' && isFinancialYearInRange(value) },
    });
}

const SIGNED_MONEY = /^-?\d{1,13}(\.\d{1,2})?$/;

/** An amount that may be negative (a credit note or journal), never zero; the ledger checks the sign against the kind. */
export function IsSignedMoney(options: ValidationOptions = {}): PropertyDecorator {
  return (target, property) =>
    registerDecorator({
      name: 'isSignedMoney',
      target: target.constructor,
      propertyName: property as string,
      options: { message: `${String(property)} must be a decimal string, not zero, with up to 13 digits and at most 2 decimal places, e.g. "1234.50" or "-250.00" for a credit note`, ...options },
      validator: { validate: (value: unknown) => typeof value === 'string' && SIGNED_MONEY.test(value) && /[1-9]/.test(value) },
    });
}
