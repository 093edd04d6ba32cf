// Usage: node otel-json-export.mjs <otlp-traces-url> [apiKey]
// Sends a two-span OpenInference trace through the official OpenTelemetry OTLP/HTTP exporter, which
// encodes JSON, gzip-compressed, with the key as "Authorization: Bearer"; prints one JSON line with
// the trace id and the exporter's result codes (0 success, 1 failure) and the HTTP status of a failure.
import { context, trace } from '@opentelemetry/api';
import { TracerProvider, SimpleSpanProcessor } from '@opentelemetry/sdk-trace';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { resourceFromAttributes } from '@opentelemetry/resources';

const [url, apiKey] = process.argv.slice(2);
if (!url) {
  console.error('usage: node otel-json-export.mjs <otlp-traces-url> [apiKey]');
  process.exit(2);
}
const headers = apiKey ? { Authorization: `Bearer ${apiKey}` } : {};
const exporter = new OTLPTraceExporter({ url, headers, compression: 'gzip', timeoutMillis: 20000 });
// The exporter's own answer, so a refusal is seen rather than only logged.
const results = [];
const recording = {
  export: (spans, done) => exporter.export(spans, (result) => { results.push(result); done(result); }),
  forceFlush: () => exporter.forceFlush(),
  shutdown: () => exporter.shutdown(),
};
const provider = new TracerProvider({
  resource: resourceFromAttributes({ 'service.name': 'node-rag-app' }),
  spanProcessors: [new SimpleSpanProcessor({ exporter: recording })],
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
// A refused export rejects the flush too; the recorded results say what happened.
await provider.forceFlush().catch(() => {});
await provider.shutdown().catch(() => {});
const failure = results.find((r) => r.code !== 0);
console.log(JSON.stringify({
  traceId: root.spanContext().traceId,
  llmSpanId: llm.spanContext().spanId,
  codes: results.map((r) => r.code),
  failureStatus: failure?.error?.code ?? null,
}));
