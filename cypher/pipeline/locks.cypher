// description: Every source lock with its holder and expiry (held = owner set and not expired).
// params: []
MATCH (l:PipelineLock)
RETURN l.source AS source, l.owner AS owner, l.run_id AS run_id, l.host AS host, l.pid AS pid,
       toString(l.acquired_at) AS acquired_at, toString(l.heartbeat_at) AS heartbeat_at,
       toString(l.expires_at) AS expires_at,
       (l.owner IS NOT NULL AND l.expires_at >= datetime()) AS held
ORDER BY source
