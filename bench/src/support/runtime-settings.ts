import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const dockerfile = fileURLToPath(new URL('../../../deployments/docker-compose/Dockerfile', import.meta.url));
/** Settings of the Node process and its C library, read once at process start: V8 flags and glibc's malloc. */
const RUNTIME = /^(NODE_OPTIONS|MALLOC_\w+|GLIBC_TUNABLES)$/;

/** `KEY=value` pairs of one ENV instruction (values bare, or in double quotes). */
function pairs(instruction: string): [string, string][] {
  return [...instruction.matchAll(/(\w+)=(?:"((?:[^"\\]|\\.)*)"|(\S*))/g)].map(
    (match) => [match[1], match[2] ?? match[3] ?? ''] as [string, string],
  );
}

/**
 * The runtime settings the production image gives every service: the ENV of the Dockerfile's last stage that
 * Node and glibc read at process start (NODE_OPTIONS, MALLOC_*, GLIBC_TUNABLES). A benchmark that starts the
 * services from their builds applies them too, so that it measures the processes as they run in production.
 */
export function productionRuntimeSettings(): Record<string, string> {
  const lines = readFileSync(dockerfile, 'utf8').replace(/\\\n/g, ' ').split('\n');
  const lastStage = lines.findLastIndex((line) => /^FROM\s/i.test(line));
  const settings: Record<string, string> = {};
  for (const line of lines.slice(lastStage)) {
    const instruction = line.match(/^ENV\s+(.*)$/i)?.[1];
    if (!instruction) continue;
    for (const [key, value] of pairs(instruction)) if (RUNTIME.test(key)) settings[key] = value;
  }
  return settings;
}
