-- wrk script for scripts/loadtest.sh: POSTs one GraphQL request (the JSON body in the
-- environment variable KG_BODY) and counts answers that are not a clean GraphQL success
-- (non-200 or an "errors" member), since wrk alone only counts socket errors and non-2xx.
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.body = os.getenv("KG_BODY")
-- KG_GZIP=1: ask for gzip as browsers do (cached answers are stored compressed too). Only
-- cached successes are compressed, so the error check below still sees every error body.
if os.getenv("KG_GZIP") == "1" then
  wrk.headers["Accept-Encoding"] = "gzip"
end

local threads = {}
function setup(thread)
  table.insert(threads, thread)
end

function init(args)
  bad = 0
end

function response(status, headers, body)
  if status ~= 200 or string.find(body, '"errors":', 1, true) then
    bad = bad + 1
  end
end

function done(summary, latency, requests)
  local total = 0
  for _, t in ipairs(threads) do
    total = total + t:get("bad")
  end
  io.write(string.format("graphql_errors %d\n", total))
  io.write(string.format("summary requests=%d duration_s=%.2f rps=%.0f p50_ms=%.2f p99_ms=%.2f max_ms=%.2f socket_errors=%d non2xx=%d\n",
    summary.requests, summary.duration / 1e6, summary.requests / (summary.duration / 1e6),
    latency:percentile(50) / 1000, latency:percentile(99) / 1000, latency.max / 1000,
    summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout,
    summary.errors.status))
end
