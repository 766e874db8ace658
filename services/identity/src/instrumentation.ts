import { startTelemetry } from '@shop/building-blocks/observability';

// Loaded first by main.ts, so that http and pg are instrumented before anything requires them.
startTelemetry('identity');
