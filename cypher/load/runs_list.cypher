// description: Load history, newest first.
// params: [limit]
MATCH (r:LoadRun)
RETURN r.run_id AS run_id, r.source AS source, r.file AS file, r.status AS status,
       r.started_at AS started_at, r.ended_at AS ended_at, r.attempts AS attempts,
       r.rows_read AS rows_read, r.rows_loaded AS rows_loaded,
       r.rows_quarantined AS rows_quarantined, r.error AS error
ORDER BY r.started_at DESC
LIMIT $limit
