// description: Release several locks at once if we still hold them (a directory load's leases).
// params: [leases]
UNWIND $leases AS lease
MATCH (l:PipelineLock {source: lease.source})
WHERE l.owner = lease.owner
SET l.owner = null, l.run_id = null, l.host = null, l.pid = null, l.expires_at = null,
    l.released_at = datetime()
RETURN l.source AS source
