// description: Write (or overwrite, on retry) one step of a run with its timing and counts.
// params: [run_id, step]
MATCH (r:PipelineRun {run_id: $run_id})
MERGE (s:PipelineStep {step_id: $step.step_id})
SET s.run_id = $run_id, s.name = $step.name, s.position = $step.position,
    s.status = $step.status, s.attempts = $step.attempts, s.error = $step.error,
    s.message = $step.message, s.counts = $step.counts_json,
    s.rows_loaded = $step.rows_loaded, s.rows_quarantined = $step.rows_quarantined,
    s.started_at = datetime($step.started_at), s.ended_at = datetime($step.ended_at),
    s.duration_ms = $step.duration_ms
MERGE (r)-[:HAS_STEP]->(s)
RETURN s.step_id AS step_id
