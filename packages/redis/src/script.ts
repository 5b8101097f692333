/**
 * The bugmaster's rules in one Lua script, so that adding occurrences and deciding who is told
 * happen in one atomic step on the server: when eight processes race across a threshold, Redis
 * runs their scripts one after another and exactly one sees the crossing. The rules are the same
 * as core's `addOccurrences` + `decideFor` (pipeline/bug-state.ts); both are tested on the same scenarios.
 *
 * KEYS[1] the bug's hash, KEYS[2] the index (sorted set of fingerprints by last seen)
 * ARGV    fingerprint, delta, now (ms), consumer, ttl (s), title, frame, environment, release, notifyAt…
 * returns { count, notice ('' for none), reached, next, status, assignee ('' for none) }
 */
export const RECORD_SCRIPT = `
local key, index = KEYS[1], KEYS[2]
local fp, delta, now, consumer, ttl = ARGV[1], tonumber(ARGV[2]), tonumber(ARGV[3]), ARGV[4], tonumber(ARGV[5])
local notifyAt = {}
for i = 10, #ARGV do notifyAt[#notifyAt + 1] = tonumber(ARGV[i]) end

local function reached(count)
  local r = 0
  for _, t in ipairs(notifyAt) do if t <= count then r = t end end
  local t = (notifyAt[#notifyAt] or 1) * 10
  while t <= count do r = t; t = t * 10 end
  return r
end

local function nextAfter(count)
  for _, t in ipairs(notifyAt) do if t > count then return t end end
  local t = notifyAt[#notifyAt] or 1
  while t <= count do t = t * 10 end
  return t
end

local f = redis.call('HMGET', key, 'count', 'status', 'base', 'snoozeCount', 'snoozeUntil', 'seq', 'notice', 'assignee', 'last', 'n:' .. consumer, 's:' .. consumer)
local count = tonumber(f[1])
local status, base, snoozeCount, snoozeUntil = f[2], tonumber(f[3]) or 0, tonumber(f[4]), tonumber(f[5])
local seq, notice, assignee, last = tonumber(f[6]) or 1, f[7], f[8], tonumber(f[9]) or 0
local notified, seen = tonumber(f[10]) or 0, tonumber(f[11]) or 0
if not count then
  count, status, base, seq, notice, assignee = 0, 'open', 0, 1, 'new', false
  redis.call('HSET', key, 'count', 0, 'first', now, 'last', now, 'status', 'open', 'base', 0, 'seq', 1, 'notice', 'new')
end

local function change(to, why)
  status, seq, notice = to, seq + 1, why
  snoozeCount, snoozeUntil = nil, nil
  redis.call('HSET', key, 'status', to, 'seq', seq, 'notice', why)
  redis.call('HDEL', key, 'snoozeCount', 'snoozeUntil')
end

if delta > 0 then
  count = redis.call('HINCRBY', key, 'count', delta)
  if now > last then redis.call('HSET', key, 'last', now) end
  local hour = math.floor(now / 3600000)
  if redis.call('HINCRBY', key, 'h:' .. hour, delta) == delta then
    -- First occurrence this hour: forget hours older than a day (so at most once an hour per bug).
    for _, name in ipairs(redis.call('HKEYS', key)) do
      if string.sub(name, 1, 2) == 'h:' and tonumber(string.sub(name, 3)) <= hour - 24 then redis.call('HDEL', key, name) end
    end
  end
  if ARGV[6] ~= '' then redis.call('HSET', key, 'title', ARGV[6]) end
  if ARGV[7] ~= '' then redis.call('HSET', key, 'frame', ARGV[7]) end
  if ARGV[8] ~= '' then redis.call('HSET', key, 'env', ARGV[8]) end
  if ARGV[9] ~= '' then redis.call('HSET', key, 'release', ARGV[9]) end
  if status == 'resolved' then
    change('open', 'regressed')
    -- Counting starts again from this occurrence: the regression is its 1.
    base, assignee = count - delta, false
    redis.call('HSET', key, 'base', base)
    redis.call('HDEL', key, 'assignee')
  elseif status == 'snoozed' and ((snoozeCount and count >= snoozeCount) or (snoozeUntil and now >= snoozeUntil)) then
    change('open', 'snoozeEnded')
  end
  redis.call('ZADD', index, now, fp)
end

local r = reached(count - base)
local level = 0
if r > 0 then level = base + r end
local out = ''
if status == 'open' or status == 'assigned' then
  if seq > seen and notice then out = notice elseif level > notified then out = 'threshold' end
  if out ~= '' then redis.call('HSET', key, 's:' .. consumer, seq, 'n:' .. consumer, math.max(notified, level)) end
end
local nextAt = base + nextAfter(count - base)
if status == 'snoozed' and snoozeCount then nextAt = snoozeCount end
redis.call('EXPIRE', key, ttl)
redis.call('EXPIRE', index, ttl)
return { count, out, r, nextAt, status, assignee or '' }
`;

/**
 * A bugmaster's action on one bug, atomic with the occurrences being recorded meanwhile.
 * KEYS[1] the bug's hash; ARGV action ('snooze-count' | 'snooze-time' | 'assign' | 'resolve' | 'reopen'), now (ms), argument
 * returns the bug's hash (HGETALL pairs), or nil when the bug is unknown. Same rules as core's `applyAction`.
 */
export const ACTION_SCRIPT = `
local key = KEYS[1]
if redis.call('EXISTS', key) == 0 then return false end
local action, now, arg = ARGV[1], tonumber(ARGV[2]), ARGV[3]
redis.call('HDEL', key, 'snoozeCount', 'snoozeUntil')
if action == 'snooze-count' then
  local count = tonumber(redis.call('HGET', key, 'count')) or 0
  redis.call('HSET', key, 'status', 'snoozed', 'snoozeCount', count + tonumber(arg))
elseif action == 'snooze-time' then
  redis.call('HSET', key, 'status', 'snoozed', 'snoozeUntil', now + tonumber(arg))
elseif action == 'assign' then
  redis.call('HSET', key, 'status', 'assigned', 'assignee', arg)
elseif action == 'resolve' then
  redis.call('HSET', key, 'status', 'resolved')
elseif action == 'reopen' then
  redis.call('HSET', key, 'status', 'open')
end
return redis.call('HGETALL', key)
`;
