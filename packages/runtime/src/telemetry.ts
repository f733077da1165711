import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { BatchSpanProcessor, type SpanProcessor } from '@opentelemetry/sdk-trace-base';
import { NodeTracerProvider } from '@opentelemetry/sdk-trace-node';
import { ATTR_SERVICE_NAME } from '@opentelemetry/semantic-conventions';
import { BullMQOtel } from 'bullmq-otel';

export interface Telemetry {
  /** Passed to every BullMQ queue and worker so that one trace follows a snapshot through all stages. */
  bullmq: BullMQOtel;
  shutdown(): Promise<void>;
}

/**
 * Registers a tracer provider even without an exporter: trace ids still propagate through job
 * metadata and appear in logs; spans are exported only when an OTLP endpoint is configured.
 */
export function startTelemetry(service: string, otlpEndpoint: string | undefined): Telemetry {
  const spanProcessors: SpanProcessor[] = otlpEndpoint
    ? [new BatchSpanProcessor(new OTLPTraceExporter({ url: `${otlpEndpoint.replace(/\/$/, '')}/v1/traces` }), { scheduledDelayMillis: 500 })]
    : [];
  const provider = new NodeTracerProvider({
    resource: resourceFromAttributes({ [ATTR_SERVICE_NAME]: service }),
    spanProcessors,
  });
  provider.register();
  return {
    bullmq: new BullMQOtel({ tracerName: 'liveblog-ingest' }),
    shutdown: () => provider.shutdown(),
  };
}
