// description: Extend several held locks at once (a directory load's leases); returns the
//   keys still ours (a key missing from the answer was taken over).
// params: [leases, ttl_seconds]
UNWIND $leases AS lease
MATCH (l:PipelineLock {source: lease.source})
WHERE l.owner = lease.owner
SET l.heartbeat_at = datetime(), l.expires_at = datetime() + duration({seconds: $ttl_seconds})
RETURN l.source AS source
