// description: Run history, newest first; $source null means every source.
// params: [source, limit]
MATCH (r:PipelineRun)
WHERE $source IS NULL OR r.source = $source
RETURN r.run_id AS run_id, r.source AS source, r.trigger AS trigger, r.status AS status,
       toString(r.started_at) AS started_at, toString(r.ended_at) AS ended_at,
       r.duration_ms AS duration_ms, r.files_new AS files_new, r.files_seen AS files_seen,
       r.rows_read AS rows_read, r.rows_loaded AS rows_loaded,
       r.rows_quarantined AS rows_quarantined, r.failed_step AS failed_step, r.error AS error,
       r.notified AS notified
ORDER BY r.started_at DESC
LIMIT $limit
