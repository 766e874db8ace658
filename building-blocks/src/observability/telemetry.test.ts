import { trace } from '@opentelemetry/api';
import { afterAll, describe, expect, it } from 'vitest';
import { startTelemetry } from './telemetry';

const INVALID_TRACE_ID = '0'.repeat(32);

describe('startTelemetry', () => {
  // Given no OTLP endpoint and no processors of the caller's
  const sdk = startTelemetry('telemetry-test', { endpoint: '' });
  afterAll(() => sdk.shutdown());

  it('still records spans, so that logs and problem details carry a real trace id', () => {
    // When a span starts
    const span = trace.getTracer('telemetry-test').startSpan('work');
    const recording = span.isRecording();
    span.end();

    // Then it is recorded, with a valid trace id
    expect(recording).toBe(true);
    expect(span.spanContext().traceId).toMatch(/^[0-9a-f]{32}$/);
    expect(span.spanContext().traceId).not.toBe(INVALID_TRACE_ID);
  });
});
