/**
 * The Lua scripts of the Redis runtime store. Each runs atomically inside Redis, which is
 * what makes the lease and the fencing token mean something: a write is checked against the
 * current holder in the same step that appends it, so a deposed owner's late write is refused,
 * never appended.
 */

/** KEYS: owner, fence · ARGV: nodeId, ttlMs → the fencing token, or 0 when another node holds it. */
export const ACQUIRE_LEASE = `
local holder = redis.call('GET', KEYS[1])
if holder then
  local node, token = string.match(holder, '^(.*)|(%d+)$')
  if node == ARGV[1] then
    redis.call('PEXPIRE', KEYS[1], ARGV[2])
    return tonumber(token)
  end
  return 0
end
local token = redis.call('INCR', KEYS[2])
redis.call('SET', KEYS[1], ARGV[1] .. '|' .. token, 'PX', ARGV[2])
return token
`;

/** KEYS: owner · ARGV: holder (`node|token`), ttlMs → 1 renewed, 0 the lease is not ours any more. */
export const RENEW_LEASE = `
if redis.call('GET', KEYS[1]) ~= ARGV[1] then return 0 end
redis.call('PEXPIRE', KEYS[1], ARGV[2])
return 1
`;

/** KEYS: owner · ARGV: holder → 1 released, 0 not ours. */
export const RELEASE_LEASE = `
if redis.call('GET', KEYS[1]) ~= ARGV[1] then return 0 end
redis.call('DEL', KEYS[1])
return 1
`;

/** KEYS: meta · ARGV: config JSON, epoch → 1 created, 0 it already exists. */
export const CREATE_SIMULATION = `
if redis.call('EXISTS', KEYS[1]) == 1 then return 0 end
redis.call('HSET', KEYS[1], 'config', ARGV[1], 'epoch', ARGV[2], 'seq', 0)
return 1
`;

/**
 * One tick, atomically: the inputs it consumed and the events it made.
 * KEYS: owner, meta, inputs, events · ARGV: holder, maxlen, n, input1..inputN, firstSeq,
 * event1..eventM → the new last seq; -1 fenced (not the lease holder); -2 the first event's
 * seq is not the next one (the log stays gapless).
 */
export const APPEND_TICK = `
if redis.call('GET', KEYS[1]) ~= ARGV[1] then return -1 end
local seq = tonumber(redis.call('HGET', KEYS[2], 'seq') or '0')
local n = tonumber(ARGV[3])
local first = tonumber(ARGV[4 + n])
local m = #ARGV - (4 + n)
if m > 0 and first ~= seq + 1 then return -2 end
for i = 1, n do redis.call('XADD', KEYS[3], '*', 'input', ARGV[3 + i]) end
for j = 1, m do
  redis.call('XADD', KEYS[4], 'MAXLEN', '=', ARGV[2], '0-' .. (seq + j), 'event', ARGV[4 + n + j])
end
redis.call('HSET', KEYS[2], 'seq', seq + m)
return seq + m
`;
