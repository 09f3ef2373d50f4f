// description: A scheduled run the misfire policy skipped (the scheduler was down past the
//   grace time); written in one statement so the history never shows it half-made.
// params: [run_id, source, host, due, reason]
CREATE (r:PipelineRun {run_id: $run_id})
SET r.source = $source, r.trigger = 'schedule', r.owner = 'scheduler', r.host = $host,
    r.planned_steps = [], r.status = 'missed', r.error = $reason, r.due_at = datetime($due),
    r.started_at = datetime(), r.ended_at = datetime(), r.duration_ms = 0,
    r.files_new = 0, r.files_seen = 0, r.rows_read = 0, r.rows_loaded = 0, r.rows_quarantined = 0
RETURN r.run_id AS run_id
