// description: Mark a run whose process died (its lock expired or its pid is gone) as abandoned.
// params: [run_id, reason]
MATCH (r:PipelineRun {run_id: $run_id})
WHERE r.status = 'running'
SET r.status = 'abandoned', r.error = $reason, r.ended_at = datetime()
RETURN r.run_id AS run_id
