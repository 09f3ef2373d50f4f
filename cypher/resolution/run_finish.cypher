// description: Close a resolution run with its figures, model and outcome.
// params: [run_id, status, stats, model_json, error]
MATCH (run:ResolutionRun {run_id: $run_id})
SET run += $stats, run.status = $status, run.model_json = $model_json, run.error = $error,
    run.ended_at = datetime()
