-- wrk script of the load bench (driven by bench/wrk.ts): creates or reads 1 KiB shares with the
-- same content scheme as bench/small_shares.ts. Run with one connection per thread (-t N -c N),
-- so each thread's responses arrive in the order of its requests and can be paired with them.
--
-- Environment: HL_DIR (files written by ShareSet.writeFiles; ids-<tid>.txt are written there by
-- the create phase and read by the read phase) and HL_MODE ("create" or "read").

local bit = require("bit")
local dir = os.getenv("HL_DIR")
local mode = os.getenv("HL_MODE")
local TOKENS = 1024
local B64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"

local threads = {}
local next_tid = 0

function setup(thread)
  thread:set("tid", next_tid)
  next_tid = next_tid + 1
  table.insert(threads, thread)
end

local function slurp(path)
  local f = assert(io.open(path, "rb"))
  local s = f:read("*a")
  f:close()
  return s
end

local function token_index(c)
  return (tid * 131 + c) % TOKENS + 1
end

-- The 9-byte prefix of share (tid, c): tid, c as u32 big-endian, the run nonce.
local function prefix(c)
  return string.char(tid, bit.band(bit.rshift(c, 24), 255), bit.band(bit.rshift(c, 16), 255),
    bit.band(bit.rshift(c, 8), 255), bit.band(c, 255)) .. nonce
end

local function b64(s)
  local out = {}
  for i = 1, #s, 3 do
    local a, b, c = s:byte(i, i + 2)
    local n = a * 65536 + b * 256 + c
    for shift = 18, 0, -6 do
      local k = bit.band(bit.rshift(n, shift), 63) + 1
      out[#out + 1] = B64:sub(k, k)
    end
  end
  return table.concat(out)
end

function init(args)
  tokens, hashes = {}, {}
  for line in io.lines(dir .. "/tokens.txt") do
    local t, h = line:match("(%S+) (%S+)")
    tokens[#tokens + 1] = t
    hashes[#hashes + 1] = h
  end
  fixed_raw = slurp(dir .. "/fixed.bin")
  fixed_b64 = slurp(dir .. "/fixed.b64")
  nonce = slurp(dir .. "/nonce.bin")
  counter, responses, bad = 0, 0, 0
  ids, cs = {}, {}
  if mode == "read" then
    for line in io.lines(dir .. "/ids-" .. tid .. ".txt") do
      local c, id = line:match("(%d+) (%S+)")
      cs[#cs + 1] = tonumber(c)
      ids[#ids + 1] = id
    end
  end
end

local json = { ["Content-Type"] = "application/json" }

function request()
  pending = counter
  counter = counter + 1
  if mode == "create" then
    local body = '{"readTokenHash":"' .. hashes[token_index(pending)] ..
      '","expiresIn":3600,"data":"' .. b64(prefix(pending)) .. fixed_b64 .. '"}'
    return wrk.format("POST", "/api/shares", json, body)
  end
  if #ids == 0 then return wrk.format("GET", "/api/shares/none/content") end
  local i = pending % #ids + 1
  return wrk.format("GET", "/api/shares/" .. ids[i] .. "/content",
    { Authorization = "Bearer " .. tokens[token_index(cs[i])] })
end

function response(status, headers, body)
  responses = responses + 1
  if mode == "create" then
    local id = status == 201 and body:match('"id":"([%w_-]+)"')
    if id then
      ids[#ids + 1] = id
      cs[#cs + 1] = pending
    else
      bad = bad + 1
    end
  elseif #ids == 0 then
    bad = bad + 1
  else
    local c = cs[pending % #ids + 1]
    if status ~= 200 or body ~= prefix(c) .. fixed_raw then bad = bad + 1 end
  end
end

function done(summary, latency, requests)
  local total_bad, covered = 0, {}
  for _, thread in ipairs(threads) do
    local t = thread:get("tid")
    total_bad = total_bad + thread:get("bad")
    local tids, tcs = thread:get("ids"), thread:get("cs")
    if mode == "create" then
      local f = assert(io.open(dir .. "/ids-" .. t .. ".txt", "w"))
      for i = 1, #tids do f:write(tcs[i], " ", tids[i], "\n") end
      f:close()
    else
      covered[#covered + 1] = string.format('"%d":%d', t, math.min(thread:get("responses"), #tids))
    end
  end
  local e = summary.errors
  print(string.format(
    'HLRESULT {"requests":%d,"duration":%d,"connect":%d,"read":%d,"write":%d,"status":%d,' ..
    '"timeout":%d,"p50":%d,"p99":%d,"max":%d,"bad":%d,"covered":{%s}}',
    summary.requests, summary.duration, e.connect, e.read, e.write, e.status, e.timeout,
    latency:percentile(50), latency:percentile(99), latency.max, total_bad,
    table.concat(covered, ",")))
end
