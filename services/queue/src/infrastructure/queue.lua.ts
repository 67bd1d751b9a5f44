/**
 * The queue's Redis scripts. Each operation is ONE script, so it runs atomically against every other
 * replica's scripts. They share this prelude; scripts are loaded by SHA (EVALSHA, EVAL on NOSCRIPT).
 *
 * Keys of one concert, all with the {concertCode} hash tag so they live in one cluster slot:
 *   waiting   ZSET tokenId → arrival sequence (INCR of `seq`): FIFO order, ZRANK = position − 1
 *   deadline  ZSET tokenId → ms by which a WAITING fan must poll again, else it is abandoned
 *   active    ZSET tokenId → ms at which the ACTIVE token expires
 *   users     HASH userId  → live tokenId (one token per user and concert)
 *   owners    HASH tokenId → userId (to clean `users` when a token ends by time, and to refuse a token
 *             whose signed subject is not the owner of the state its id names)
 *   admits    ZSET tokenId → ms of admission, trimmed to the rate window: the measured admission rate
 *   seq       STRING arrival counter, never reset
 *   soldout   STRING present while the concert service says every seat is SOLD (set by the admission
 *             loop with a TTL, so a flag nobody refreshes any more cannot outlive the truth for long)
 *   born      HASH tokenId → ms of the join: the token's signed `exp` is derived from it (so a re-issue
 *             signs the same token), and a WAITING token's deadline never passes born + maxWait
 *   ended     ZSET tokenId → ms the token ended, trimmed to the grace window: a used-up token still
 *             reads its reservation and payment (3-2, 5-1) for that grace after its end, not longer
 * A token that ends (expired, used, left, abandoned) is removed everywhere; a signed token without
 * state is therefore GONE. While `soldout` is set nobody is admitted, a poll or join answers SOLD_OUT
 * and ends the token it names: every fan learns it from one call, and only Redis is asked. Time is the Redis server's TIME, so replicas with skewed clocks agree.
 */
export const KEY_NAMES = ['waiting', 'deadline', 'active', 'users', 'owners', 'admits', 'seq', 'soldout', 'born', 'ended'] as const;

// ARGV[1..8] are the policy (see policyArgs); script-specific arguments follow from ARGV[9].
const PRELUDE = `
local K_WAITING, K_DEADLINE, K_ACTIVE, K_USERS, K_OWNERS, K_ADMITS, K_SEQ = KEYS[1], KEYS[2], KEYS[3], KEYS[4], KEYS[5], KEYS[6], KEYS[7]
local K_BORN, K_ENDED = KEYS[9], KEYS[10]
local SOLD_OUT = redis.call('EXISTS', KEYS[8]) == 1
local MAX_ACTIVE = tonumber(ARGV[1])
local ACTIVE_TTL = tonumber(ARGV[2])
local ABANDON_AFTER = tonumber(ARGV[3])
local RATE_WINDOW = tonumber(ARGV[4])
local POLL_BUDGET = tonumber(ARGV[5])
local MIN_POLL = tonumber(ARGV[6])
local MAX_WAIT = tonumber(ARGV[7])
local GRACE = tonumber(ARGV[8])
local SWEEP_LIMIT = 1000

local time = redis.call('TIME')
local NOW = tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)

local function forget(tid)
  redis.call('HDEL', K_BORN, tid)
  local uid = redis.call('HGET', K_OWNERS, tid)
  if uid then
    redis.call('HDEL', K_OWNERS, tid)
    if redis.call('HGET', K_USERS, uid) == tid then redis.call('HDEL', K_USERS, uid) end
  end
end

-- at: when the token really ended (an expiry or deadline already past), else now.
local function end_token(tid, at)
  redis.call('ZREM', K_WAITING, tid)
  redis.call('ZREM', K_DEADLINE, tid)
  redis.call('ZREM', K_ACTIVE, tid)
  forget(tid)
  redis.call('ZADD', K_ENDED, at or NOW, tid)
end

-- {'GONE', 1} while the token ended within GRACE (a read route may still accept it), else {'GONE', 0}.
local function gone(ended_at)
  if ended_at and ended_at >= NOW - GRACE then return {'GONE', 1} end
  return {'GONE', 0}
end

-- Same formula as pollAfterSeconds in domain/queue-policy.ts (documented there).
local function poll_after(position, waiting)
  local n = math.max(waiting, position, 1)
  return math.max(MIN_POLL, math.ceil(position * (1 + math.log(n)) / POLL_BUDGET))
end

-- Ends what time has ended, then fills free slots from the head of the line, oldest arrival first
-- (nobody while the concert is sold out: there is nothing left to buy).
local function admit()
  redis.call('ZREMRANGEBYSCORE', K_ENDED, '-inf', '(' .. (NOW - GRACE))
  local expired = redis.call('ZRANGEBYSCORE', K_ACTIVE, '-inf', NOW, 'LIMIT', 0, SWEEP_LIMIT)
  for _, tid in ipairs(expired) do end_token(tid) end
  local abandoned = redis.call('ZRANGEBYSCORE', K_DEADLINE, '-inf', '(' .. NOW, 'LIMIT', 0, SWEEP_LIMIT)
  for _, tid in ipairs(abandoned) do end_token(tid) end
  if SOLD_OUT then return 0 end
  local free = MAX_ACTIVE - redis.call('ZCARD', K_ACTIVE)
  local admitted = 0
  while free > 0 do
    local head = redis.call('ZPOPMIN', K_WAITING)
    if #head == 0 then break end
    local tid = head[1]
    local deadline = tonumber(redis.call('ZSCORE', K_DEADLINE, tid))
    redis.call('ZREM', K_DEADLINE, tid)
    if deadline == nil or deadline < NOW then
      forget(tid)
    else
      redis.call('ZADD', K_ACTIVE, NOW + ACTIVE_TTL, tid)
      redis.call('ZADD', K_ADMITS, NOW, tid)
      free = free - 1
      admitted = admitted + 1
    end
  end
  if admitted > 0 then redis.call('ZREMRANGEBYSCORE', K_ADMITS, '-inf', '(' .. (NOW - RATE_WINDOW)) end
  return admitted
end

-- {'ACTIVE', activeUntil} | {'WAITING', position, waitingCount, pollAfter, admitsInWindow}
-- | {'GONE', endedWithinGrace (0|1)} | {'SOLD_OUT'} | {'FOREIGN'}. With write = true (a poll) a WAITING answer moves the deadline (never
-- past born + MAX_WAIT), a dead token is cleaned up, and a live token of a sold-out concert answers
-- SOLD_OUT and ends. Without (validation of other routes) nothing changes and the token's own state
-- is answered. uid (the token's signed subject; empty when the caller has no token) must own the
-- state: FOREIGN otherwise, and nothing is touched.
local function status(tid, write, uid)
  if uid and uid ~= '' then
    local owner = redis.call('HGET', K_OWNERS, tid)
    if owner and owner ~= uid then return {'FOREIGN'} end
  end
  local active_until = tonumber(redis.call('ZSCORE', K_ACTIVE, tid))
  if active_until then
    if active_until > NOW and write and SOLD_OUT then
      end_token(tid)
      return {'SOLD_OUT'}
    end
    if active_until > NOW then return {'ACTIVE', active_until} end
    if write then end_token(tid, active_until) end
    return gone(active_until)
  end
  local rank = redis.call('ZRANK', K_WAITING, tid)
  local deadline = tonumber(redis.call('ZSCORE', K_DEADLINE, tid))
  if rank == false or deadline == nil then
    return gone(tonumber(redis.call('ZSCORE', K_ENDED, tid)))
  end
  if deadline < NOW then
    if write then end_token(tid, deadline) end
    return gone(deadline)
  end
  if write and SOLD_OUT then
    end_token(tid)
    return {'SOLD_OUT'}
  end
  local position = rank + 1
  local waiting = redis.call('ZCARD', K_WAITING)
  local poll = poll_after(position, waiting)
  if write then
    local next_deadline = NOW + math.max(ABANDON_AFTER, 2000 * poll)
    local born = tonumber(redis.call('HGET', K_BORN, tid))
    if born then next_deadline = math.min(next_deadline, born + MAX_WAIT) end
    redis.call('ZADD', K_DEADLINE, next_deadline, tid)
  end
  local admits = redis.call('ZCOUNT', K_ADMITS, NOW - RATE_WINDOW, '+inf')
  return {'WAITING', position, waiting, poll, admits}
end
`;

/**
 * ARGV[9] userId, ARGV[10] candidate tokenId → {tokenId, created (0|1), wasIdle (0|1), born (ms), ...status}.
 * wasIdle: the concert had nobody before this join, so the caller must (re-)register it for the
 * admission loop; otherwise it is registered already, and the join costs this one script.
 * Sold out: {'', 0, 0, 0, 'SOLD_OUT'}, no token is created (and the fan's live one, if any, ends).
 */
export const ISSUE_LUA = `${PRELUDE}
local uid, candidate = ARGV[9], ARGV[10]
admit()
local tid = redis.call('HGET', K_USERS, uid)
if SOLD_OUT then
  if tid then status(tid, true, uid) end
  return {'', 0, 0, 0, 'SOLD_OUT'}
end
if tid then
  local st = status(tid, true, uid)[1]
  if st == 'GONE' or st == 'FOREIGN' then tid = false end
end
local was_idle = (redis.call('ZCARD', K_WAITING) + redis.call('ZCARD', K_ACTIVE) == 0) and 1 or 0
local created = 0
if not tid then
  tid = candidate
  local seq = redis.call('INCR', K_SEQ)
  redis.call('ZADD', K_WAITING, seq, tid)
  redis.call('ZADD', K_DEADLINE, NOW + math.min(ABANDON_AFTER, MAX_WAIT), tid)
  redis.call('HSET', K_USERS, uid, tid)
  redis.call('HSET', K_OWNERS, tid, uid)
  redis.call('HSET', K_BORN, tid, NOW)
  created = 1
  admit()
end
local s = status(tid, true, uid)
local born = tonumber(redis.call('HGET', K_BORN, tid)) or NOW
return {tid, created, was_idle, born, unpack(s)}
`;

/** ARGV[9] tokenId, ARGV[10] the token's subject → status; a poll. */
export const POLL_LUA = `${PRELUDE}
admit()
return status(ARGV[9], true, ARGV[10])
`;

/** ARGV[9] tokenId, ARGV[10] the token's subject → status, with no writes (validation on every token route). */
export const PEEK_LUA = `${PRELUDE}
return status(ARGV[9], false, ARGV[10])
`;

/**
 * ARGV[9] tokenId, ARGV[10] the token's subject (empty: the payment saga, which names the token id
 * only) → 1 when the token was alive and is now ended (its slot or place freed), 0 when it was
 * already gone, -1 when its state is another user's (left alone).
 */
export const END_LUA = `${PRELUDE}
local state = status(ARGV[9], true, ARGV[10])[1]
if state == 'FOREIGN' then return -1 end
local alive = state ~= 'GONE'
if alive then end_token(ARGV[9]) end
admit()
return alive and 1 or 0
`;

/**
 * The admission loop's step for one concert; the last ARGV is the bound this replica's previous step
 * returned → {admitted, waitingCount, activeCount, admitsInRateWindow, admitsCounted, bound}: the
 * admissions by any script (joins, polls and leaves admit too) with a time in (that bound, bound], for
 * metrics. The new bound is NOW − 1: an admission in this very millisecond, before or after this step,
 * is left to the next one, so each admission is counted exactly once (times are ms; steps are further apart).
 */
export const ADMIT_LUA = `${PRELUDE}
local admitted = admit()
local counted = redis.call('ZCOUNT', K_ADMITS, '(' .. ARGV[#ARGV], NOW - 1)
return {admitted, redis.call('ZCARD', K_WAITING), redis.call('ZCARD', K_ACTIVE), redis.call('ZCOUNT', K_ADMITS, NOW - RATE_WINDOW, '+inf'), counted, NOW - 1}
`;

/**
 * KEYS[1] the registry of concerts with a queue, ARGV[1] concert, ARGV[2] the score read before the
 * concert was found idle. Removes it only if no issue re-registered it meanwhile (ZINCRBY changes the score).
 */
export const UNREGISTER_LUA = `
if redis.call('ZSCORE', KEYS[1], ARGV[1]) == ARGV[2] then return redis.call('ZREM', KEYS[1], ARGV[1]) end
return 0
`;
