-- The full submission path for wrk, one journey after another on each connection:
--   GET /code -> POST /code (a pre-issued code) -> GET /survey -> POST /survey (submit, ~20
--   answers and two comments). The form token and session cookie are read from each reply, as
--   a browser would. Run with one connection per thread (-t N -c N): each thread is one
--   respondent after another. Arguments after "--": codes file, thread count, answers file.

local counter = 0
local threads = {}

function setup(thread)
  thread:set("id", counter)
  counter = counter + 1
  table.insert(threads, thread)
end

function init(args)
  local nthreads = tonumber(args[2])
  codes = {}
  local i = 0
  for line in io.lines(args[1]) do
    if i % nthreads == id then table.insert(codes, line) end
    i = i + 1
  end
  local f = io.open(args[3])
  answers = f:read("*a"):gsub("%s+$", "")
  f:close()
  position = 1
  step = 1
  cookie = nil
  token = ""
  journeys = 0
  failures = 0
  out_of_codes = 0
end

local function headers(form)
  local h = {}
  if cookie then h["Cookie"] = "session=" .. cookie end
  if form then h["Content-Type"] = "application/x-www-form-urlencoded" end
  return h
end

function request()
  if step == 1 then
    return wrk.format("GET", "/code", headers(false))
  elseif step == 2 then
    local code = codes[position]
    if code == nil then
      out_of_codes = out_of_codes + 1
      position = 1
      code = codes[position]
    end
    return wrk.format("POST", "/code", headers(true), "csrf_token=" .. token .. "&code=" .. code)
  elseif step == 3 then
    return wrk.format("GET", "/survey", headers(false))
  else
    return wrk.format("POST", "/survey", headers(true),
      "csrf_token=" .. token .. "&page=0&action=submit&" .. answers)
  end
end

local function restart()
  failures = failures + 1
  step = 1
  cookie = nil
  position = position + 1
end

function response(status, hdrs, body)
  local set = hdrs["Set-Cookie"] or hdrs["set-cookie"]
  if set then
    local value = set:match("session=([^;]*)")
    if value then cookie = value end
  end
  if step == 1 or step == 3 then
    if status ~= 200 then return restart() end
    token = body:match('name="csrf_token" value="([^"]+)"') or ""
    step = step + 1
  elseif step == 2 then
    if status ~= 303 then return restart() end
    step = 3
  else
    if status == 200 then journeys = journeys + 1 else failures = failures + 1 end
    step = 1
    cookie = nil
    position = position + 1
  end
end

function done(summary, latency, requests)
  local j, f, o = 0, 0, 0
  for _, thread in ipairs(threads) do
    j = j + thread:get("journeys")
    f = f + thread:get("failures")
    o = o + thread:get("out_of_codes")
  end
  local e = summary.errors
  io.write(string.format(
    'RESULT {"requests": %d, "seconds": %.3f, "p50_ms": %.2f, "p99_ms": %.2f, ' ..
    '"socket_errors": %d, "status_errors": %d, "journeys": %d, "failed_journeys": %d, ' ..
    '"out_of_codes": %d}\n',
    summary.requests, summary.duration / 1e6, latency:percentile(50) / 1000,
    latency:percentile(99) / 1000, e.connect + e.read + e.write + e.timeout, e.status,
    j, f, o))
end
