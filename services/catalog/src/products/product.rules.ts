import { composeRules, IsText } from '@shop/building-blocks/validation';
import { IsInt, IsNumber, Max, Min } from 'class-validator';

// Field rules shared by the product commands, so that create and update cannot disagree.

export const MAX_PRICE = 1_000_000;

export const IsProductName = () => IsText({ maxLength: 200, notBlank: true });

/** A description may span lines (and hold tabs); no other control character. */
export const IsProductDescription = () => IsText({ maxLength: 2000, multiline: true });

export const IsPrice = () =>
  composeRules(
    IsNumber(
      { maxDecimalPlaces: 2, allowNaN: false, allowInfinity: false },
      { message: '$property must be a number with at most 2 decimals' },
    ),
    Min(0),
    Max(MAX_PRICE),
  );

export const IsQuantity = (min: number) => composeRules(IsInt(), Min(min), Max(1_000_000));
