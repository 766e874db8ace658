import { IsString, isEmail, Matches, MaxLength, MinLength, ValidateBy, type ValidationOptions } from 'class-validator';
import { IsPlainText, isPlainText, type PlainTextOptions } from './plain-text';

/**
 * One decorator made of several, so that a field rule is declared once and every command using it agrees
 * (`IsProductName()` on create and update alike).
 */
export function composeRules(...decorators: PropertyDecorator[]): PropertyDecorator {
  return (target, key) => {
    for (const decorator of decorators) decorator(target, key);
  };
}

export interface TextRules extends PlainTextOptions {
  maxLength: number;
  minLength?: number;
  /** Refuse an empty or whitespace-only value. */
  notBlank?: boolean;
}

/** A string of plain text (see `IsPlainText`) within the given length; single-line unless `multiline`. */
export function IsText(rules: TextRules): PropertyDecorator {
  return composeRules(
    IsString(),
    IsPlainText({ multiline: rules.multiline === true }),
    ...(rules.minLength === undefined ? [] : [MinLength(rules.minLength)]),
    MaxLength(rules.maxLength),
    ...(rules.notBlank ? [Matches(/\S/, { message: '$property must not be empty or blank' })] : []),
  );
}

/** A `search` query parameter: single-line plain text, at most `maxLength` characters. */
export const IsSearchTerm = (maxLength = 200) => IsText({ maxLength });

/** The constraint name of `IsEmailAddress`, for schema generators. */
export const EMAIL_ADDRESS = 'isEmailAddress';

/**
 * An email address, as class-validator's `IsEmail` checks it, but never asked of text that is not plain: validator.js
 * throws on an unpaired surrogate, and a validator that throws ends the request as a 500 instead of a 400.
 */
export function IsEmailAddress(validationOptions?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: EMAIL_ADDRESS,
      validator: {
        validate: (value) => typeof value === 'string' && isPlainText(value) && isEmail(value),
        defaultMessage: () => '$property must be an email address',
      },
    },
    validationOptions,
  );
}
