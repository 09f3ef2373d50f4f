// description: Extend a held lock (the run's heartbeat); returns nothing when no longer ours.
// params: [source, owner, ttl_seconds]
MATCH (l:PipelineLock {source: $source})
WHERE l.owner = $owner
SET l.heartbeat_at = datetime(), l.expires_at = datetime() + duration({seconds: $ttl_seconds})
RETURN toString(l.expires_at) AS expires_at
