/** A line the catalog could not reserve; `name` is missing for a product it does not know. */
export interface ShortLine {
  productId: string;
  requested: number;
  available: number;
  name?: string;
}

/** `StockReservationFailed.reason` is at most this many characters (building-blocks/contracts). */
export const MAX_REASON_LENGTH = 500;

/**
 * Why an order could not be reserved, in words the order service may show its customer as they are: which products
 * are short (ordered and available), which are unknown. Cut to the contract's length; the event's `lines` keep it all.
 */
export function shortageReason(lines: readonly ShortLine[]): string {
  const parts = lines.map(({ productId, requested, available, name }) =>
    name === undefined
      ? `product ${productId} is not in the catalog`
      : `${name}: ${requested} ordered, ${available} available`,
  );
  const reason = `Not enough stock for this order (${parts.join('; ')})`;
  // Cut by code point, as JSON Schema's maxLength counts: a cut between two halves of an emoji would leave a lone one.
  const characters = [...reason];
  return characters.length <= MAX_REASON_LENGTH ? reason : `${characters.slice(0, MAX_REASON_LENGTH - 1).join('')}…`;
}
