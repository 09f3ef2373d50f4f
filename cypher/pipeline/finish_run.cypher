// description: Close a run with its final status, totals, error and whether the failure hook answered.
// params: [run_id, status, error, totals, files_new, files_seen, failed_step]
MATCH (r:PipelineRun {run_id: $run_id})
SET r.status = $status, r.error = $error, r.ended_at = datetime(),
    r.duration_ms = duration.inSeconds(r.started_at, datetime()).milliseconds,
    r.files_new = $files_new, r.files_seen = $files_seen, r.failed_step = $failed_step,
    r.rows_read = $totals.rows_read, r.rows_loaded = $totals.rows_loaded,
    r.rows_quarantined = $totals.rows_quarantined, r.totals = $totals.json
RETURN r.run_id AS run_id
