import { SpanStatusCode, trace } from '@opentelemetry/api';
import { type ValidationError as ClassValidatorError, type ValidatorOptions, validate } from 'class-validator';
import type { Logger } from 'pino';
import { type FieldError, ShopError, ValidationError } from '../errors';
import type { PipelineBehavior, RequestContext } from './mediator';

const tracer = trace.getTracer('shop.mediator');

// Built once: the span options depend only on the request's kind.
const spanOptions = {
  command: { attributes: { 'shop.request.kind': 'command' } },
  query: { attributes: { 'shop.request.kind': 'query' } },
} as const;

/** A span named after the request type around everything else. */
export class TracingBehavior implements PipelineBehavior {
  handle(context: RequestContext, next: () => Promise<unknown>): Promise<unknown> {
    return tracer.startActiveSpan(context.name, spanOptions[context.kind], async (span) => {
      try {
        return await next();
      } catch (error) {
        // A refused request (4xx) is an outcome, not a fault of this span.
        if (!(error instanceof ShopError) || error.status >= 500) {
          span.recordException(error as Error);
          span.setStatus({ code: SpanStatusCode.ERROR, message: (error as Error).message });
        }
        throw error;
      } finally {
        span.end();
      }
    });
  }
}

/** Request type, duration and outcome; never the request's fields, which may hold secrets. */
export class LoggingBehavior implements PipelineBehavior {
  constructor(private readonly logger: Logger) {}

  async handle(context: RequestContext, next: () => Promise<unknown>): Promise<unknown> {
    const started = performance.now();
    try {
      const result = await next();
      // Success is logged at debug only; below that level the line's fields are not even built.
      if (this.logger.isLevelEnabled('debug')) {
        const durationMs = elapsed(started);
        this.logger.debug({ ...fieldsOf(context), outcome: 'success', durationMs }, 'request handled');
      }
      return result;
    } catch (error) {
      const fields = fieldsOf(context);
      const durationMs = elapsed(started);
      if (error instanceof ShopError && error.status < 500) {
        this.logger.info({ ...fields, outcome: 'refused', code: error.code, durationMs }, 'request refused');
      } else {
        this.logger.error({ ...fields, outcome: 'failed', err: error, durationMs }, 'request failed');
      }
      throw error;
    }
  }
}

function fieldsOf(context: RequestContext) {
  return { request: context.name, kind: context.kind };
}

const validatorOptions: ValidatorOptions = {
  whitelist: true,
  forbidNonWhitelisted: true,
  // Requests are always class instances; a request class with no fields (a parameterless query) is valid.
  forbidUnknownValues: false,
  validationError: { target: false, value: false },
};

/** class-validator on the request object; every field error at once, and the handler never sees invalid input. */
export class ValidationBehavior implements PipelineBehavior {
  async handle(context: RequestContext, next: () => Promise<unknown>): Promise<unknown> {
    const errors = await validate(context.request, validatorOptions);
    if (errors.length > 0) throw new ValidationError(flattenValidationErrors(errors));
    return next();
  }
}

export function flattenValidationErrors(errors: ClassValidatorError[], parentPath: string[] = []): FieldError[] {
  return errors.flatMap((error) => {
    const path = [...parentPath, error.property ?? ''];
    const own = Object.values(error.constraints ?? {}).map((detail) => ({
      field: path.join('.'),
      pointer: `#/${path.map(escapePointer).join('/')}`,
      detail,
    }));
    return [...own, ...flattenValidationErrors(error.children ?? [], path)];
  });
}

function escapePointer(segment: string): string {
  return segment.replaceAll('~', '~0').replaceAll('/', '~1');
}

function elapsed(started: number): number {
  return Math.round((performance.now() - started) * 1000) / 1000;
}
