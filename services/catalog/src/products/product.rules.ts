import { IsInt, IsNumber, IsString, Matches, Max, MaxLength, Min, ValidateBy } from 'class-validator';

/** Field rules shared by the product commands, so that create and update cannot disagree. */
function compose(...decorators: PropertyDecorator[]): PropertyDecorator {
  return (target, key) => {
    for (const decorator of decorators) decorator(target, key);
  };
}

export const MAX_PRICE = 1_000_000;

/** Lone UTF-16 surrogates: Postgres would store them as U+FFFD, so what is read back would differ from what was sent. */
const LONE_SURROGATE = /\p{Cs}/u;

/** Text Postgres stores as sent: no NUL character (refused by Postgres text types) and well-formed Unicode. */
export const IsPlainText = () =>
  ValidateBy({
    name: 'isPlainText',
    validator: {
      validate: (value) => typeof value !== 'string' || (!value.includes('\0') && !LONE_SURROGATE.test(value)),
      defaultMessage: () => '$property must not contain NUL characters or unpaired surrogates',
    },
  });

export const IsProductName = () =>
  compose(IsString(), IsPlainText(), MaxLength(200), Matches(/\S/, { message: 'name must not be empty or blank' }));

export const IsProductDescription = () => compose(IsString(), IsPlainText(), MaxLength(2000));

export const IsPrice = () =>
  compose(
    IsNumber(
      { maxDecimalPlaces: 2, allowNaN: false, allowInfinity: false },
      { message: '$property must be a number with at most 2 decimals' },
    ),
    Min(0),
    Max(MAX_PRICE),
  );

export const IsQuantity = (min: number) => compose(IsInt(), Min(min), Max(1_000_000));
