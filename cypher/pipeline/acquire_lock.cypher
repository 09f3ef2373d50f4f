// description: Take the source's run lock if it is free, expired or already ours, atomically.
//   The dummy write (_touch) takes the node's write lock BEFORE its owner is read, so two
//   schedulers racing for the same source cannot both see it free (no lost update).
// params: [source, owner, run_id, host, pid, ttl_seconds]
MERGE (l:PipelineLock {source: $source})
SET l._touch = $owner
WITH l, datetime() AS now
WITH l, now,
     (l.owner IS NULL OR l.owner = $owner OR l.expires_at < now) AS free,
     l.owner AS previous_owner, l.run_id AS previous_run_id,
     (l.owner IS NOT NULL AND l.owner <> $owner AND l.expires_at < now) AS was_stale
SET l.owner = CASE WHEN free THEN $owner ELSE l.owner END,
    l.run_id = CASE WHEN free THEN $run_id ELSE l.run_id END,
    l.host = CASE WHEN free THEN $host ELSE l.host END,
    l.pid = CASE WHEN free THEN $pid ELSE l.pid END,
    l.acquired_at = CASE WHEN free THEN now ELSE l.acquired_at END,
    l.heartbeat_at = CASE WHEN free THEN now ELSE l.heartbeat_at END,
    l.expires_at = CASE WHEN free THEN now + duration({seconds: $ttl_seconds}) ELSE l.expires_at END
REMOVE l._touch
RETURN free AS acquired, was_stale, previous_owner, previous_run_id,
       l.owner AS owner, l.run_id AS run_id, l.host AS host, l.pid AS pid,
       toString(l.acquired_at) AS acquired_at, toString(l.expires_at) AS expires_at
