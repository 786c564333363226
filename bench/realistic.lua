-- The realistic mix for wrk (run with as many connections as threads, one user each): create a
-- deal, list, patch it, read the balance, deduct a token, list, read the balance, patch it
-- again, delete it, then one client error (a 400 or a 404 in turn): ten requests, one refused.
-- BENCH_TOKENS holds one access token per thread, comma-separated.

local tokens = {}
for token in string.gmatch(os.getenv("BENCH_TOKENS") or "", "[^,]+") do
  table.insert(tokens, token)
end

local threads = {}
local counter = 0

function setup(thread)
  counter = counter + 1
  thread:set("token", tokens[counter])
  table.insert(threads, thread)
end

local step = 0
local deal_id = nil
local version = 1
local errors_sent = 0
-- Globals, so that done() can read them from each thread.
server_errors = 0
unexpected = 0
local headers = {}

function init(args)
  headers["Content-Type"] = "application/json"
  headers["Accept"] = "application/json"
  headers["Authorization"] = "Bearer " .. token
end

local function deal_path()
  return "/api/v1/deals/" .. tostring(deal_id)
end

local steps = {
  function() return wrk.format("POST", "/api/v1/deals", headers,
    '{"title": "Espresso machine", "price": "199.99", "original_price": "249.00"}') end,
  function() return wrk.format("GET", "/api/v1/deals", headers) end,
  function() return wrk.format("PATCH", deal_path(), headers,
    '{"price": "189.99", "version": ' .. version .. '}') end,
  function() return wrk.format("GET", "/api/v1/tokens/balance", headers) end,
  function() return wrk.format("POST", "/api/v1/tokens/deduct", headers,
    '{"amount": 1, "transaction_type": "ai_usage", "description": "bench"}') end,
  function() return wrk.format("GET", "/api/v1/deals", headers) end,
  function() return wrk.format("GET", "/api/v1/tokens/balance", headers) end,
  function() return wrk.format("PATCH", deal_path(), headers,
    '{"price": "179.99", "version": ' .. version .. '}') end,
  function() return wrk.format("DELETE", deal_path(), headers) end,
  function()
    errors_sent = errors_sent + 1
    if errors_sent % 2 == 0 then
      return wrk.format("POST", "/api/v1/deals", headers, '{"title": "x", "price": "-1"}')
    end
    return wrk.format("GET", "/api/v1/deals/987654321", headers)
  end,
}
local expected = {201, 200, 200, 200, 200, 200, 200, 200, 204, nil}

function request()
  return steps[step + 1]()
end

function response(status, response_headers, body)
  if status >= 500 then
    server_errors = server_errors + 1
  end
  local wanted = expected[step + 1]
  if wanted ~= nil and status ~= wanted then
    unexpected = unexpected + 1
  elseif wanted == nil and status ~= 400 and status ~= 404 then
    unexpected = unexpected + 1
  end
  if step == 0 and status == 201 then
    deal_id = string.match(body, '"id":%s*(%d+)')
    version = tonumber(string.match(body, '"version":%s*(%d+)'))
  elseif (step == 2 or step == 7) and status == 200 then
    version = tonumber(string.match(body, '"version":%s*(%d+)'))
  end
  step = (step + 1) % #steps
end

function done(summary, latency, requests)
  local errors5xx, odd = 0, 0
  for _, thread in ipairs(threads) do
    errors5xx = errors5xx + thread:get("server_errors")
    odd = odd + thread:get("unexpected")
  end
  io.write(string.format("bench-5xx=%d bench-unexpected=%d\n", errors5xx, odd))
end
