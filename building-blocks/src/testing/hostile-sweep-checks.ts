import type { Answer } from './hostile-sweep-http';
import type { ErrorFormat } from './hostile-sweep-openapi';

/** One answer that broke an invariant, with everything needed to replay it. */
export interface SweepFailure {
  operation: string;
  /** Which valid request the hostile value was put into (e.g. a grant type), `valid` when there is one. */
  base: string;
  credential: string;
  /** `body.name`, `path.id`, `query.page`; `(none)` for the unchanged valid request. */
  field: string;
  kind: string;
  /** The value, escaped (NUL and lone surrogates show as `\u0000`, `\ud800`). */
  value: string;
  status: number;
  contentType: string;
  body: string;
  broken: string[];
}

export interface SweepResult {
  seed: number;
  requests: number;
  failures: SweepFailure[];
  /** The answer to each unchanged valid request: proves the valid parts got past validation. */
  controls: { operation: string; base: string; credential: string; status: number }[];
}

function parse(body: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(body);
    return value !== null && typeof value === 'object' && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
}

/** RFC 9457 §3 for problem details; RFC 6749 §5.2 for the OAuth endpoints. */
function formatProblems(format: ErrorFormat, answer: Answer): string[] {
  const json = parse(answer.body);
  if (format === 'oauth') {
    const broken: string[] = [];
    if (!/^application\/json\b/i.test(answer.contentType)) broken.push('content-type is not application/json');
    if (typeof json?.error !== 'string') broken.push('body has no RFC 6749 "error"');
    return broken;
  }
  const broken: string[] = [];
  if (!/^application\/problem\+json\b/i.test(answer.contentType)) {
    broken.push('content-type is not application/problem+json');
  }
  if (!json || json.status !== answer.status || typeof json.title !== 'string' || typeof json.type !== 'string') {
    broken.push('body is not a problem with type, title and the same status');
  }
  return broken;
}

/**
 * The invariants every answer keeps: never a 5xx; an error answer in the operation's documented format; and a
 * request that was not a success wrote nothing at all (`changes` lists the tables it changed).
 */
export function brokenInvariants(format: ErrorFormat, answer: Answer, changes: string[]): string[] {
  const broken: string[] = [];
  if (answer.status >= 500) broken.push(`status ${answer.status}`);
  if (answer.status >= 400) broken.push(...formatProblems(format, answer));
  if (changes.length > 0) broken.push(`refused, yet wrote: ${changes.join('; ')}`);
  return broken;
}

const MAX_PER_FIELD = 2;

function excerpt(text: string): string {
  const oneLine = text.replace(/\s+/g, ' ');
  return oneLine.length > 200 ? `${oneLine.slice(0, 200)}…` : oneLine;
}

/**
 * One line per failure, at most two per field (the others counted), e.g.
 * `POST /api/v1/identity/users [valid, anonymous] body.firstName = "\u0000" (text) -> 500 text/plain: status 500`.
 */
export function describeFailures(result: SweepResult): string[] {
  const groups = new Map<string, SweepFailure[]>();
  for (const failure of result.failures) {
    const key = `${failure.operation} [${failure.base}, ${failure.credential}] ${failure.field}`;
    groups.set(key, [...(groups.get(key) ?? []), failure]);
  }
  return [...groups].flatMap(([key, failures]) => {
    const lines = failures
      .slice(0, MAX_PER_FIELD)
      .map(
        (f) =>
          `${key} = ${f.value} (${f.kind}) -> ${f.status} ${f.contentType || '(no content-type)'} ${excerpt(f.body)}: ${f.broken.join(', ')}`,
      );
    if (failures.length > MAX_PER_FIELD) lines.push(`${key}: ${failures.length - MAX_PER_FIELD} more failing values`);
    return lines;
  });
}

export function describeSweep(result: SweepResult): string {
  return (
    `hostile sweep with seed ${result.seed}: ${result.requests} requests, ${result.failures.length} broke an ` +
    `invariant (replay them with HOSTILE_SWEEP_SEED=${result.seed})`
  );
}
