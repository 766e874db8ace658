import { IsString } from 'class-validator';
import { describe, expect, it } from 'vitest';
import { Command, handles, Query, type RequestHandler } from '../mediator';
import { assembleFeatures, defineFeature, defineSlice, FeatureDeclarationError } from './feature';
import { startService } from './service';

class PlaceWidget extends Command<string> {
  @IsString() name: string;
}

@handles(PlaceWidget)
class PlaceWidgetHandler implements RequestHandler<PlaceWidget> {
  async handle(command: PlaceWidget): Promise<string> {
    return command.name;
  }
}

class CountWidgets extends Query<number> {}

@handles(CountWidgets)
class CountWidgetsHandler implements RequestHandler<CountWidgets> {
  async handle(): Promise<number> {
    return 1;
  }
}

const placing = defineSlice({
  name: 'placing-widget',
  requests: [PlaceWidget],
  handlers: [PlaceWidgetHandler],
  endpoints: [(app) => void app.get('/widgets/place', async () => 'ok')],
});

describe('assembleFeatures', () => {
  it('gathers every slice of every feature, in declaration order', () => {
    const counting = defineSlice({
      name: 'counting-widgets',
      requests: [CountWidgets],
      handlers: [CountWidgetsHandler],
    });
    class Widget {}
    class CreateWidgets1 {}

    const assembled = assembleFeatures([
      defineFeature({ name: 'widgets', entities: [Widget], migrations: [CreateWidgets1], slices: [placing] }),
      defineFeature({ name: 'reports', slices: [counting] }),
    ]);

    expect(assembled.handlers).toEqual([PlaceWidgetHandler, CountWidgetsHandler]);
    expect(assembled.endpoints).toHaveLength(1);
    expect(assembled.consumers).toEqual([]);
  });

  it('names a request that a slice takes in but nothing handles', () => {
    const broken = defineSlice({ name: 'counting-widgets', requests: [CountWidgets], handlers: [] });

    expect(() => assembleFeatures([defineFeature({ name: 'reports', slices: [placing, broken] })])).toThrow(
      'CountWidgets, named by slice reports/counting-widgets, has no handler',
    );
  });

  it('names a handler whose request no slice declares', () => {
    const stray = defineSlice({ name: 'placing-widget', requests: [], handlers: [PlaceWidgetHandler] });

    expect(() => assembleFeatures([defineFeature({ name: 'widgets', slices: [stray] })])).toThrow(
      /PlaceWidgetHandler in slice widgets\/placing-widget handles PlaceWidget, which no slice names/,
    );
  });
});

describe('startService with a request that has no handler', () => {
  it('refuses to start, naming the request, before it opens the database or listens', async () => {
    const broken = defineSlice({ name: 'counting-widgets', requests: [CountWidgets], handlers: [] });

    const started = startService({
      name: 'widgets',
      version: '0.0.0',
      description: 'a service declared wrong',
      host: '127.0.0.1',
      port: 0,
      features: [defineFeature({ name: 'reports', slices: [broken] })],
      // Nothing listens here: reaching the database would fail differently from the declaration check.
      database: { url: 'postgres://postgres@127.0.0.1:1/never_opened' },
    });

    await expect(started).rejects.toThrow(FeatureDeclarationError);
    await expect(started).rejects.toThrow(/CountWidgets, named by slice reports\/counting-widgets, has no handler/);
  });
});
