// Usage: node portkey-smoke.mjs <baseURL> <traceId> <apiKey>
// Builds a two-span trace with logs.create, gives feedback and updates it, all through the
// unmodified portkey-ai SDK (which sends the key as x-portkey-api-key); prints one JSON line with
// what the service answered. If the first call is refused, prints {"refused": <HTTP status>} instead.
import { Portkey } from 'portkey-ai';

const [baseURL, traceId, apiKey] = process.argv.slice(2);
if (!baseURL || !traceId || !apiKey) {
  console.error('usage: node portkey-smoke.mjs <baseURL> <traceId> <apiKey>');
  process.exit(2);
}
const portkey = new Portkey({ apiKey, baseURL });

const chat = (spanId, extra, prompt, usage) => ({
  request: {
    url: 'https://api.openai.com/v1/chat/completions',
    method: 'POST',
    provider: 'openai',
    headers: { 'content-type': 'application/json' },
    body: { model: 'gpt-4o-mini', messages: [{ role: 'user', content: prompt }] },
  },
  response: {
    status: 200,
    headers: {},
    body: { model: 'gpt-4o-mini', usage },
    response_time: 250,
  },
  metadata: { traceId, spanId, ...extra, _user: 'sdk-user' },
});

let logs;
try {
  logs = await portkey.logs.create([
  chat('plan', { spanName: 'plan', cost: '0.004' }, 'Plan the answer', { prompt_tokens: 40, completion_tokens: 10, total_tokens: 50 }),
  chat('write', { spanName: 'write', parentSpanId: 'plan', cost: '0.006' }, 'Write it', { prompt_tokens: 60, completion_tokens: 90, total_tokens: 150 }),
  ]);
} catch (e) {
  if (typeof e?.status !== 'number') throw e;
  console.log(JSON.stringify({ refused: e.status }));
  process.exit(0);
}
const created = await portkey.feedback.create({ traceID: traceId, value: 2, weight: 1, metadata: { source: 'sdk' } });
const feedbackId = created.feedback_ids[0];
const updated = await portkey.feedback.update({ feedbackID: feedbackId, value: 9, weight: 0.5, metadata: { source: 'sdk', edited: 'yes' } });

console.log(JSON.stringify({ logs, created, updated, feedbackId }));
