// description: Mark a LoadRun whose process died mid-load as interrupted (rerun to finish it).
// params: [run_id, error]
MATCH (r:LoadRun {run_id: $run_id, status: 'running'})
SET r.status = 'interrupted', r.error = $error
