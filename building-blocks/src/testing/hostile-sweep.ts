import { brokenInvariants, type SweepFailure, type SweepResult } from './hostile-sweep-checks';
import { type Answer, describeValue, type SweepRequest, send } from './hostile-sweep-http';
import { type OpenApiDocument, operationsOf, type SweepOperation } from './hostile-sweep-openapi';
import { buildRequest, type Hostile, type ValueSource } from './hostile-sweep-request';
import { type DatabaseSnapshot, databaseSnapshotter, type SqlQuery, snapshotChanges } from './hostile-sweep-snapshot';
import { hostileValues } from './hostile-sweep-values';

export type { ValueSource } from './hostile-sweep-request';

export interface SweepCredential {
  name: string;
  headers?: Record<string, string>;
  /** Hostile values per field sent with this credential. */
  runs: number;
  /** Valid values that go with this credential, e.g. the caller's own user id. */
  values?: Record<string, ValueSource>;
}

/** One valid request of an operation the hostile values are put into, e.g. one grant type of a token endpoint. */
export interface SweepBase {
  name: string;
  values: Record<string, ValueSource>;
  headers?: Record<string, string>;
  /** At most this many hostile values per field, for requests that are expensive on purpose (password hashing). */
  runs?: number;
}

export interface HostileSweepOptions {
  /** Where the service listens; its OpenAPI document is read from `/swagger/json` unless given. */
  baseUrl: string;
  /** The service's own database: every table is compared before and after each request. */
  database: SqlQuery;
  /** The first is the main one; give the others a few runs each (an anonymous caller at least). */
  credentials: SweepCredential[];
  /** Valid values by field name (path, query or body, at any depth); other fields get values from their schema. */
  values?: Record<string, ValueSource>;
  /** Valid requests per operation (`POST /connect/token`), when one is not enough. */
  bases?: Record<string, SweepBase[]>;
  document?: OpenApiDocument;
  /** Fixed unless `HOSTILE_SWEEP_SEED` says otherwise, so that every run sends the same values. */
  seed?: number;
}

export const DEFAULT_SWEEP_SEED = 20_251_121;

/** FNV-1a: a stable per-field seed, so that one field's values do not depend on the fields swept before it. */
function hash(text: string, seed: number): number {
  let value = 0x811c9dc5 ^ seed;
  for (let index = 0; index < text.length; index += 1) value = Math.imul(value ^ text.charCodeAt(index), 0x01000193);
  return value >>> 0;
}

function sweepSeed(options: HostileSweepOptions): number {
  const fromEnv = Number.parseInt(process.env.HOSTILE_SWEEP_SEED ?? '', 10);
  return options.seed ?? (Number.isFinite(fromEnv) ? fromEnv : DEFAULT_SWEEP_SEED);
}

type Where = Omit<SweepFailure, 'status' | 'contentType' | 'body' | 'broken'>;

/**
 * Sends one request at a time and checks its answer against the invariants, the database snapshot taken before it
 * included. A success may write, so the next comparison starts from the snapshot taken after it.
 */
class Exchanger {
  readonly result: SweepResult;
  private current: DatabaseSnapshot = {};

  constructor(
    private readonly baseUrl: string,
    private readonly snapshot: () => Promise<DatabaseSnapshot>,
    seed: number,
  ) {
    this.result = { seed, requests: 0, failures: [], controls: [] };
  }

  async start(): Promise<void> {
    this.current = await this.snapshot();
  }

  async exchange(operation: SweepOperation, request: SweepRequest, dirty: boolean, where: Where): Promise<Answer> {
    if (dirty) this.current = await this.snapshot();
    let answer: Answer;
    try {
      answer = await send(this.baseUrl, request);
    } catch (error) {
      answer = { status: 0, contentType: '', body: `no answer: ${String(error)}` };
    }
    this.result.requests += 1;
    const after = await this.snapshot();
    const success = answer.status >= 200 && answer.status < 300;
    const changes = success ? [] : snapshotChanges(this.current, after);
    this.current = after;
    const broken = answer.status === 0 ? ['no answer'] : brokenInvariants(operation.errorFormat, answer, changes);
    if (broken.length > 0) this.result.failures.push({ ...where, ...answer, broken });
    return answer;
  }
}

/**
 * Every operation of the service's OpenAPI document, for every base request and credential: first the valid request
 * unchanged (a control), then each field in turn given `runs` generated hostile values, the rest of the request valid.
 */
export async function runHostileSweep(options: HostileSweepOptions): Promise<SweepResult> {
  const document =
    options.document ?? ((await (await fetch(`${options.baseUrl}/swagger/json`)).json()) as OpenApiDocument);
  const seed = sweepSeed(options);
  const exchanger = new Exchanger(options.baseUrl, databaseSnapshotter(options.database), seed);
  await exchanger.start();
  let counter = 0;

  for (const operation of operationsOf(document)) {
    for (const base of options.bases?.[operation.key] ?? [{ name: 'valid', values: {} }]) {
      for (const credential of options.credentials) {
        const sources = { ...options.values, ...credential.values, ...base.values };
        const headers = { ...credential.headers, ...base.headers };
        const sendOne = async (hostile: Hostile | undefined, where: Where) => {
          counter += 1;
          const { request, dirty } = await buildRequest(operation, sources, headers, counter, hostile);
          return exchanger.exchange(operation, request, dirty, where);
        };
        const at = { operation: operation.key, base: base.name, credential: credential.name };
        const control = await sendOne(undefined, {
          ...at,
          field: '(none)',
          kind: 'valid',
          value: '(the valid request)',
        });
        exchanger.result.controls.push({ ...at, status: control.status });

        const runs = Math.min(credential.runs, base.runs ?? credential.runs);
        for (const field of operation.fields) {
          const fieldName = `${field.in}.${field.path.map(String).join('.')}`;
          const fieldSeed = hash(`${operation.key}|${base.name}|${credential.name}|${fieldName}`, seed);
          for (const { kind, value } of hostileValues(field.schema, runs, fieldSeed)) {
            await sendOne({ field, value }, { ...at, field: fieldName, kind, value: describeValue(value) });
          }
        }
      }
    }
  }
  return exchanger.result;
}
