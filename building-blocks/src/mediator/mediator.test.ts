import { IsInt, IsString, Min } from 'class-validator';
import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { createContainer } from '../container';
import { ValidationError } from '../errors';
import { LoggingBehavior, TracingBehavior, ValidationBehavior } from './behaviors';
import {
  HandlerRegistrationError,
  Mediator,
  MissingHandlerError,
  type PipelineBehavior,
  type RequestContext,
} from './mediator';
import { Command, handles, Query, type RequestHandler } from './request';

const calls: string[] = [];

class RenameWidget extends Command<string> {
  @IsString()
  name: string;

  @IsInt()
  @Min(1)
  size: number;
}

@handles(RenameWidget)
export class RenameWidgetHandler implements RequestHandler<RenameWidget> {
  async handle(command: RenameWidget): Promise<string> {
    calls.push('handler');
    return `renamed to ${command.name}`;
  }
}

class CountWidgets extends Query<number> {}

@handles(CountWidgets)
export class CountWidgetsHandler implements RequestHandler<CountWidgets> {
  async handle(): Promise<number> {
    calls.push('handler');
    return 3;
  }
}

class Unhandled extends Query<void> {}

const handlers = [RenameWidgetHandler, CountWidgetsHandler];

function recording(name: string, seen: RequestContext[] = []): PipelineBehavior {
  return {
    async handle(context, next) {
      seen.push(context);
      calls.push(`${name}:before`);
      const result = await next();
      calls.push(`${name}:after`);
      return result;
    },
  };
}

function command(fields: Partial<RenameWidget>): RenameWidget {
  return Object.assign(new RenameWidget(), fields);
}

describe('Mediator', () => {
  it('runs behaviors outermost first around the one handler and returns its result', async () => {
    calls.length = 0;
    const seen: RequestContext[] = [];
    const mediator = new Mediator(createContainer(), [recording('outer', seen), recording('inner')], handlers);

    const result = await mediator.send(command({ name: 'gear', size: 2 }));

    expect(result).toBe('renamed to gear');
    expect(calls).toEqual(['outer:before', 'inner:before', 'handler', 'inner:after', 'outer:after']);
    expect(seen[0]).toMatchObject({ name: 'RenameWidget', kind: 'command' });
  });

  it('tells commands from queries', async () => {
    const seen: RequestContext[] = [];
    const mediator = new Mediator(createContainer(), [recording('only', seen)], handlers);

    await mediator.send(new CountWidgets());

    expect(seen.map((context) => context.kind)).toEqual(['query']);
  });

  it('never reaches the handler with an invalid request, and reports every field error at once', async () => {
    calls.length = 0;
    const mediator = new Mediator(
      createContainer(),
      [new TracingBehavior(), new LoggingBehavior(pino({ level: 'silent' })), new ValidationBehavior()],
      handlers,
    );
    const invalid = Object.assign(command({ size: 0 }), { colour: 'red' });

    const failure = await mediator.send(invalid).catch((error: unknown) => error);

    expect(failure).toBeInstanceOf(ValidationError);
    const fields = (failure as ValidationError).errors.map((error) => error.field).sort();
    expect(fields).toEqual(['colour', 'name', 'size']);
    expect(calls).not.toContain('handler');
  });

  it('rejects a request type that has no handler', async () => {
    const mediator = new Mediator(createContainer(), [], handlers);

    await expect(mediator.send(new Unhandled())).rejects.toBeInstanceOf(MissingHandlerError);
  });

  it('resolves a handler once and reuses it for every later request of its type', async () => {
    const container = createContainer();
    let resolved = 0;
    container.register(CountWidgetsHandler, {
      useFactory: () => {
        resolved++;
        return new CountWidgetsHandler();
      },
    });
    const mediator = new Mediator(container, [], handlers);

    const results = [await mediator.send(new CountWidgets()), await mediator.send(new CountWidgets())];

    expect(results).toEqual([3, 3]);
    expect(resolved).toBe(1);
  });

  it('rejects, never throws, when a handler cannot be built', async () => {
    const container = createContainer();
    container.register(CountWidgetsHandler, {
      useFactory: () => {
        throw new Error('missing dependency');
      },
    });
    const mediator = new Mediator(container, [], handlers);

    let sent: Promise<number> | undefined;
    expect(() => {
      sent = mediator.send(new CountWidgets());
    }).not.toThrow();
    await expect(sent).rejects.toThrow('missing dependency');
  });

  it('refuses a second handler for the same request type, naming both', () => {
    @handles(RenameWidget)
    class AnotherHandler implements RequestHandler<RenameWidget> {
      async handle(): Promise<string> {
        return 'other';
      }
    }

    expect(() => new Mediator(createContainer(), [], [...handlers, AnotherHandler])).toThrow(
      /RenameWidget has two handlers \(RenameWidgetHandler, AnotherHandler\)/,
    );
  });

  it('refuses a class that is not a handler', () => {
    class NotAHandler {
      async handle(): Promise<void> {}
    }

    expect(() => new Mediator(createContainer(), [], [NotAHandler])).toThrow(HandlerRegistrationError);
  });

  it('builds every handler on resolveHandlers(), naming the one whose dependency is missing', () => {
    const container = createContainer();
    container.register(CountWidgetsHandler, {
      useFactory: () => {
        throw new Error('missing dependency');
      },
    });
    const mediator = new Mediator(container, [], handlers);

    expect(() => mediator.resolveHandlers()).toThrow(/CountWidgetsHandler cannot be built: missing dependency/);
  });
});
