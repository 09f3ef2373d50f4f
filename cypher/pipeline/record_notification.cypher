// description: Record what the failure hook did for a run.
// params: [run_id, notified, notify_error]
MATCH (r:PipelineRun {run_id: $run_id})
SET r.notified = $notified, r.notify_error = $notify_error
RETURN r.run_id AS run_id
