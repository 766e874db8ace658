/**
 * Operator command for dead-letter queues:
 *   pnpm dlq list <queue> [limit]   shows what is in <queue>.dlq and why (messages stay where they are)
 *   pnpm dlq replay <queue>         moves them back to <queue> with a fresh attempt count
 * The broker is `RABBITMQ_URL` (default: the local development broker).
 */
import { listDeadLetters, replayDeadLetters } from './dlq';

const usage = 'usage: dlq list <queue> [limit] | dlq replay <queue>    (broker: RABBITMQ_URL)';

async function main(argv: string[]): Promise<number> {
  const [command, queue, limit] = argv;
  const url = process.env.RABBITMQ_URL ?? 'amqp://guest:guest@127.0.0.1:5672';
  if (!queue || (command !== 'list' && command !== 'replay')) {
    process.stderr.write(`${usage}\n`);
    return 2;
  }
  if (command === 'list') {
    const letters = await listDeadLetters(url, queue, limit ? Number(limit) : 100);
    for (const letter of letters) process.stdout.write(`${JSON.stringify(letter)}\n`);
    process.stderr.write(`${letters.length} message(s) in ${queue}.dlq\n`);
    return 0;
  }
  const moved = await replayDeadLetters(url, queue);
  process.stderr.write(`moved ${moved} message(s) from ${queue}.dlq back to ${queue}\n`);
  return 0;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: Error) => {
    process.stderr.write(`dlq: ${error.message}\n`);
    process.exit(1);
  },
);
