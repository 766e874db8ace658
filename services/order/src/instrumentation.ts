import { startTelemetry } from '@shop/building-blocks/observability';

// Loaded first by main.ts, so that http, pg and gRPC are instrumented before anything requires them.
startTelemetry('order');
