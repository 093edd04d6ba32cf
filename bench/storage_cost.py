#!/usr/bin/env python3
"""Measures storage requests and bytes written per ingested span on a running TraceGrains node.

Usage: bench/storage_cost.py [base-url]      (default http://127.0.0.1:8080; start it with scripts/run.sh)

Reads the node's own counters (GET /v1/stats/storage: every request its blob client sent, retries
included) before and after each workload. Loopback only, bounded in count; standard library only.
Keys: TRACEGRAINS_API_KEY and TRACEGRAINS_ADMIN_KEY, else .data/dev-key and .data/admin-key (scripts/run.sh).
"""
import json
import os
import sys
import time
import urllib.request
import uuid

BASE = sys.argv[1] if len(sys.argv) > 1 else "http://127.0.0.1:8080"
if not BASE.startswith(("http://127.0.0.1", "http://localhost")):
    sys.exit("refusing a non-loopback target")


ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def key(variable, file):
    if os.environ.get(variable):
        return os.environ[variable]
    with open(os.path.join(ROOT, ".data", file)) as f:
        return f.read().strip()


API_KEY, ADMIN_KEY = key("TRACEGRAINS_API_KEY", "dev-key"), key("TRACEGRAINS_ADMIN_KEY", "admin-key")


def call(method, path, body=None, admin=False):
    data = None if body is None else json.dumps(body).encode()
    headers = {"content-type": "application/json", "authorization": "Bearer " + (ADMIN_KEY if admin else API_KEY)}
    req = urllib.request.Request(BASE + path, data=data, method=method, headers=headers)
    with urllib.request.urlopen(req, timeout=30) as resp:
        return json.loads(resp.read() or b"null")


def stats():
    return call("GET", "/v1/stats/storage", admin=True)


def log(trace, span, parent=None):
    metadata = {"traceId": trace, "spanId": span, "spanName": "chat", "_user": "bench"}
    if parent:
        metadata["parentSpanId"] = parent
    return {
        "request": {"url": "https://api.openai.com/v1/chat/completions", "method": "POST", "provider": "openai",
                    "body": {"model": "gpt-4o-mini", "messages": [{"role": "user", "content": "Summarise the report in three bullet points."}]}},
        "response": {"status": 200, "response_time": 420,
                     "body": {"usage": {"prompt_tokens": 120, "completion_tokens": 60, "total_tokens": 180}}},
        "metadata": metadata,
    }


def measure(name, requests):
    before, spans, started = stats(), 0, time.monotonic()
    for body in requests:
        results = call("POST", "/v1/logs", body)["results"]
        spans += sum(1 for r in results if r["accepted"])
    after = stats()
    n_req = after["requests"] - before["requests"]
    n_bytes = after["bytes_written"] - before["bytes_written"]
    print(f"{name:<44} {spans:>6} spans  {n_req:>6} requests  {n_req / spans:6.3f} req/span  "
          f"{n_bytes / spans:7.0f} B/span  {time.monotonic() - started:5.1f} s")
    return n_req / spans, n_bytes / spans


def main():
    run = uuid.uuid4().hex[:8]
    print(f"node {BASE}, run {run}")
    traces = [f"{run}-single-{t}" for t in range(100)]
    measure("1 log per request, 100 traces x 10 spans",
            ([log(t, f"s{i}", None if i == 0 else "s0")] for i in range(10) for t in traces))
    measure("100 logs per request over 10 traces",
            ([log(f"{run}-batch-{j % 10}", f"s{r}-{j}") for j in range(100)] for r in range(10)))
    big = f"{run}-big"
    print(f"one trace growing to 10,000 spans, 100 per request (bytes per span should stay flat):")
    for slice_no in range(10):
        measure(f"  spans {slice_no * 1000:>5} to {slice_no * 1000 + 999:>5}",
                ([log(big, f"s{slice_no}-{r}-{j}", "root" if slice_no or r or j else None) for j in range(100)] for r in range(10)))


if __name__ == "__main__":
    main()
