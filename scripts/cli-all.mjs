// `pnpm migrate` / `pnpm seed`: runs `cli.js <command>` of every built service, one after the other.
import { builtServices, runCli } from './services.mjs';

const command = process.argv[2];
if (command !== 'migrate' && command !== 'seed') {
  console.error('usage: node scripts/cli-all.mjs migrate|seed');
  process.exit(2);
}
try {
  for (const service of builtServices()) {
    if (!service.cli) {
      console.log(`${service.name}: no cli.js, skipped`);
      continue;
    }
    await runCli(service, command);
  }
} catch (error) {
  console.error(error.message);
  process.exit(1);
}
