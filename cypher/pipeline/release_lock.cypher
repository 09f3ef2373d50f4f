// description: Release the source's lock if we still hold it.
// params: [source, owner]
MATCH (l:PipelineLock {source: $source})
WHERE l.owner = $owner
SET l.owner = null, l.run_id = null, l.host = null, l.pid = null, l.expires_at = null,
    l.released_at = datetime()
RETURN l.source AS source
