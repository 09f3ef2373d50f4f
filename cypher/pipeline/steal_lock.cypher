// description: Take over a lock whose holder is known dead (same host, process gone), only if
//   the lock still belongs to that dead holder, so a live taker is never displaced.
// params: [source, dead_owner, owner, run_id, host, pid, ttl_seconds]
MATCH (l:PipelineLock {source: $source})
SET l._touch = $owner
WITH l, datetime() AS now, l.owner = $dead_owner AS matches, l.run_id AS previous_run_id
SET l.owner = CASE WHEN matches THEN $owner ELSE l.owner END,
    l.run_id = CASE WHEN matches THEN $run_id ELSE l.run_id END,
    l.host = CASE WHEN matches THEN $host ELSE l.host END,
    l.pid = CASE WHEN matches THEN $pid ELSE l.pid END,
    l.acquired_at = CASE WHEN matches THEN now ELSE l.acquired_at END,
    l.heartbeat_at = CASE WHEN matches THEN now ELSE l.heartbeat_at END,
    l.expires_at = CASE WHEN matches THEN now + duration({seconds: $ttl_seconds}) ELSE l.expires_at END
REMOVE l._touch
RETURN matches AS acquired, previous_run_id
