// description: The most recent finished run of a source (did it complete every step?).
// params: [source]
MATCH (r:PipelineRun {source: $source})
WHERE r.status <> 'running' AND r.status <> 'skipped_locked'
RETURN r.run_id AS run_id, r.status AS status, toString(r.started_at) AS started_at
ORDER BY r.started_at DESC
LIMIT 1
