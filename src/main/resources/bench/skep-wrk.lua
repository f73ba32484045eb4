-- wrk script shipped with `skep bench`. Arguments after `--`:
--   pipeline=N   send N requests per write (default 1)
--   close=1      ask for a new connection per request (Connection: close)
-- done() prints one JSON object on one line, so that no number is scraped from wrk's text.
-- (init runs in each wrk thread, done in the main one: the options are not known there.)

local pipeline = 1
local close = false
local payload

function init(args)
  for _, arg in ipairs(args) do
    local key, value = arg:match("^([%w_]+)=(.*)$")
    if key == "pipeline" then
      pipeline = math.max(1, tonumber(value) or 1)
    elseif key == "close" then
      close = value == "1" or value == "true"
    end
  end
  -- wrk.format uses the table it is given instead of wrk.headers (the -H lines): start from a copy of those
  local headers = {}
  for name, value in pairs(wrk.headers) do
    headers[name] = value
  end
  if close then
    headers["Connection"] = "close"
  end
  local one = wrk.format(nil, nil, headers)
  payload = string.rep(one, pipeline)
end

function request()
  return payload
end

function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    '{"skep_wrk":1,"requests":%d,"duration_us":%d,"bytes":%d,'
      .. '"errors_connect":%d,"errors_read":%d,"errors_write":%d,"errors_status":%d,"errors_timeout":%d,'
      .. '"latency_min_us":%.0f,"latency_mean_us":%.1f,"latency_stdev_us":%.1f,"latency_max_us":%.0f,'
      .. '"p50_us":%.0f,"p75_us":%.0f,"p90_us":%.0f,"p99_us":%.0f,"p99_9_us":%.0f,"p99_99_us":%.0f}\n',
    summary.requests, summary.duration, summary.bytes,
    e.connect, e.read, e.write, e.status, e.timeout,
    latency.min, latency.mean, latency.stdev, latency.max,
    latency:percentile(50), latency:percentile(75), latency:percentile(90),
    latency:percentile(99), latency:percentile(99.9), latency:percentile(99.99)))
end
