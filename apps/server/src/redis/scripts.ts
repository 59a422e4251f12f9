/**
 * The Lua scripts of the Redis runtime store. Each runs atomically inside Redis, which is
 * what makes the lease and the fencing token mean something: a write is checked against the
 * current holder in the same step that appends it, so a deposed owner's late write is refused,
 * never appended. Every script touches the keys of one simulation only (one hash slot).
 */

/**
 * KEYS: owner, fence[, meta] · ARGV: nodeId, ttlMs → the fencing token, 0 when another node
 * holds it, -1 when `meta` is given and gone (the simulation was deleted: a node about to take
 * it over must not bring its lease and fence keys back, nor rebuild it).
 */
export const ACQUIRE_LEASE = `
if KEYS[3] and redis.call('EXISTS', KEYS[3]) == 0 then return -1 end
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

/**
 * KEYS: meta, inputs · ARGV: config JSON, epoch, createdAt, start snapshot JSON, create input
 * JSON → 1 created (meta and the input log's first entry), 0 it already exists.
 */
export const CREATE_SIMULATION = `
if redis.call('EXISTS', KEYS[1]) == 1 then return 0 end
redis.call('HSET', KEYS[1], 'config', ARGV[1], 'epoch', ARGV[2], 'seq', 0,
  'createdAt', ARGV[3], 'start', ARGV[4], 'cursor', '0-0')
if ARGV[5] ~= '' then redis.call('XADD', KEYS[2], '*', 'input', ARGV[5]) end
return 1
`;

/** How many checkpoints a simulation keeps (the newest, and one before it should it be unusable). */
export const CHECKPOINTS_KEPT = 2;

/**
 * One tick (or one command), atomically: the inputs it consumed, the events it made, the
 * acks of the answers it decided (first stored ack per idempotency key wins, stored as
 * `<log seq after this write>|<ack JSON>` so `TRIM_ANSWERS` can tell its age), how far the
 * owner read the command stream, and — every few hundred steps — a checkpoint of the owner's
 * runtime after this write, with the seq and the input-stream id it stands at (the stream of
 * checkpoints keeps the newest `CHECKPOINTS_KEPT`), all fenced by the same token.
 * KEYS: owner, meta, inputs, events, answers, checkpoints · ARGV: holder, maxlen, cursor
 * ('' = unchanged), checkpoint JSON ('' = none), its timestep, n, input1..inputN, a, key1,
 * ack1..keyA, ackA, firstSeq, event1..eventM → the new last seq; -1 fenced (not the lease
 * holder); -2 the first event's seq is not the next one.
 */
export const APPEND_TICK = `
if redis.call('GET', KEYS[1]) ~= ARGV[1] then return -1 end
local seq = tonumber(redis.call('HGET', KEYS[2], 'seq') or '0')
local n = tonumber(ARGV[6])
local a = tonumber(ARGV[7 + n])
local base = 7 + n + 2 * a + 1
local first = tonumber(ARGV[base])
local m = #ARGV - base
if m > 0 and first ~= seq + 1 then return -2 end
local lastInput = nil
for i = 1, n do lastInput = redis.call('XADD', KEYS[3], '*', 'input', ARGV[6 + i]) end
for k = 1, a do
  redis.call('HSETNX', KEYS[5], ARGV[7 + n + 2 * k - 1], (seq + m) .. '|' .. ARGV[7 + n + 2 * k])
end
for j = 1, m do
  redis.call('XADD', KEYS[4], 'MAXLEN', '=', ARGV[2], '0-' .. (seq + j), 'event', ARGV[base + j])
end
if ARGV[3] ~= '' then redis.call('HSET', KEYS[2], 'cursor', ARGV[3]) end
redis.call('HSET', KEYS[2], 'seq', seq + m)
if ARGV[4] ~= '' then
  if not lastInput then
    local newest = redis.call('XREVRANGE', KEYS[3], '+', '-', 'COUNT', 1)
    lastInput = newest[1] and newest[1][1] or '0-0'
  end
  redis.call('XADD', KEYS[6], 'MAXLEN', '=', ${CHECKPOINTS_KEPT}, '*',
    'seq', seq + m, 'input', lastInput, 'timestep', ARGV[5], 'state', ARGV[4])
end
return seq + m
`;

/**
 * One step of the sweep that bounds the answers hash: `HSCAN` from `cursor`, and drop the
 * stored acks whose write's seq has left the event log (older than its oldest retained event)
 * — a retry of such an answer comes after anything a client could still replay.
 * KEYS: answers, events · ARGV: cursor, count → the next cursor ('0': the sweep went round).
 */
export const TRIM_ANSWERS = `
local oldest = redis.call('XRANGE', KEYS[2], '-', '+', 'COUNT', 1)[1]
if not oldest then return '0' end
local retained = tonumber(string.match(oldest[1], '%-(%d+)$'))
local scan = redis.call('HSCAN', KEYS[1], ARGV[1], 'COUNT', ARGV[2])
local fields = scan[2]
local stale = {}
for i = 1, #fields, 2 do
  local seq = tonumber(string.match(fields[i + 1], '^(%d+)|'))
  if seq and seq < retained then stale[#stale + 1] = fields[i] end
end
if #stale > 0 then redis.call('HDEL', KEYS[1], unpack(stale)) end
return scan[1]
`;
