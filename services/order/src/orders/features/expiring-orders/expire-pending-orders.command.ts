import { Command } from '@shop/building-blocks/mediator';
import { IsInt, Max, Min } from 'class-validator';

/** Rejects (reason `timeout`) Pending orders placed more than `olderThanMs` ago; resolves to how many. */
export class ExpirePendingOrdersCommand extends Command<number> {
  @IsInt()
  @Min(0)
  olderThanMs: number;

  /** At most this many in one transaction; the job repeats while a batch comes back full. */
  @IsInt()
  @Min(1)
  @Max(1_000)
  limit: number;
}
