// description: The LoadRuns a pipeline run included.
// params: [run_id]
MATCH (:PipelineRun {run_id: $run_id})-[:INCLUDED]->(l:LoadRun)
RETURN l.run_id AS load_run_id, l.file AS file, l.status AS status,
       l.rows_read AS rows_read, l.rows_loaded AS rows_loaded,
       l.rows_quarantined AS rows_quarantined
ORDER BY l.run_id
