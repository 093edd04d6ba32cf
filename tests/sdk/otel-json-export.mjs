// Usage: node otel-json-export.mjs <otlp-traces-url>
// Sends a two-span OpenInference trace through the official OpenTelemetry OTLP/HTTP exporter, which
// encodes JSON, gzip-compressed; prints one JSON line with the trace id.
import { context, trace } from '@opentelemetry/api';
import { TracerProvider, SimpleSpanProcessor } from '@opentelemetry/sdk-trace';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { resourceFromAttributes } from '@opentelemetry/resources';

const [url] = process.argv.slice(2);
if (!url) {
  console.error('usage: node otel-json-export.mjs <otlp-traces-url>');
  process.exit(2);
}
const exporter = new OTLPTraceExporter({ url, compression: 'gzip', timeoutMillis: 20000 });
const provider = new TracerProvider({
  resource: resourceFromAttributes({ 'service.name': 'node-rag-app' }),
  spanProcessors: [new SimpleSpanProcessor({ exporter })],
});
const tracer = provider.getTracer('tracegrains-check');

const root = tracer.startSpan('rag-chain', { attributes: { 'openinference.span.kind': 'CHAIN', 'session.id': 'sess-7', 'user.id': 'u-42' } });
const ctx = trace.setSpan(context.active(), root);
const llm = tracer.startSpan('ChatCompletion', {
  attributes: {
    'openinference.span.kind': 'LLM',
    'llm.model_name': 'gpt-4o',
    'llm.provider': 'openai',
    'llm.token_count.prompt': 200,
    'llm.token_count.completion': 100,
    'llm.token_count.total': 300,
    'input.value': 'What is in the report?',
  },
}, ctx);
llm.end();
root.end();
await provider.forceFlush();
await provider.shutdown();
console.log(JSON.stringify({ traceId: root.spanContext().traceId, llmSpanId: llm.spanContext().spanId }));
