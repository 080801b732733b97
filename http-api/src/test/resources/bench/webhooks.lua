-- wrk script of the bench (WrkLoad): posts pre-signed webhooks read from a file written by the
-- JVM, one "signature<TAB>body" per line. Signing happens before the window, so during it wrk only
-- writes bytes it already holds. Thread k of n takes lines k, k+n, k+2n, ..., so no two threads
-- post the same webhook; a thread that runs out starts its lines again and says so.
--   wrk -t T -c C -d S -s webhooks.lua URL -- FILE T
local threads = {}

function setup(thread)
  thread:set("id", #threads)
  table.insert(threads, thread)
end

function init(args)
  local n = tonumber(args[2])
  posts = {}
  local line_number = 0
  for line in io.lines(args[1]) do
    if line_number % n == id then
      local tab = line:find("\t", 1, true)
      posts[#posts + 1] = wrk.format("POST", nil,
        { ["Content-Type"] = "application/json", ["X-Hub-Signature-256"] = line:sub(1, tab - 1) },
        line:sub(tab + 1))
    end
    line_number = line_number + 1
  end
  issued = 0
end

function request()
  issued = issued + 1
  return posts[(issued - 1) % #posts + 1]
end

-- One line for the JVM to parse. os.clock() is this process's CPU time: wrk's own cost.
function done(summary, latency, requests)
  local issued_per_thread = {}
  for _, thread in ipairs(threads) do
    issued_per_thread[#issued_per_thread + 1] = tostring(thread:get("issued"))
  end
  local e = summary.errors
  io.write(string.format(
    'WRK_RESULT {"requests":%d,"durationMicros":%d,"connectErrors":%d,"readErrors":%d,"writeErrors":%d,'
      .. '"statusErrors":%d,"timeouts":%d,"p50Micros":%d,"p90Micros":%d,"p99Micros":%d,"maxMicros":%d,'
      .. '"cpuSeconds":%.3f,"issued":[%s]}\n',
    summary.requests, summary.duration, e.connect, e.read, e.write, e.status, e.timeout,
    latency:percentile(50), latency:percentile(90), latency:percentile(99), latency.max,
    os.clock(), table.concat(issued_per_thread, ",")))
end
