// description: The trained model of the latest completed resolution run (for incremental runs).
// params: []
MATCH (run:ResolutionRun {status: 'completed'})
WHERE run.model_json IS NOT NULL
RETURN run.run_id AS run_id, run.model_json AS model_json, run.started_at AS started_at
ORDER BY run.started_at DESC LIMIT 1
