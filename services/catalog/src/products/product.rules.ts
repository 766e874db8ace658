import { IsInt, IsNumber, IsString, Matches, Max, MaxLength, Min } from 'class-validator';

/** Field rules shared by the product commands, so that create and update cannot disagree. */
function compose(...decorators: PropertyDecorator[]): PropertyDecorator {
  return (target, key) => {
    for (const decorator of decorators) decorator(target, key);
  };
}

export const MAX_PRICE = 1_000_000;

export const IsProductName = () =>
  compose(IsString(), MaxLength(200), Matches(/\S/, { message: 'name must not be empty or blank' }));

export const IsProductDescription = () => compose(IsString(), MaxLength(2000));

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
