// description: Open a pipeline run record (status running).
// params: [run_id, source, trigger, owner, host, steps]
CREATE (r:PipelineRun {run_id: $run_id})
SET r.source = $source, r.trigger = $trigger, r.owner = $owner, r.host = $host,
    r.planned_steps = $steps, r.status = 'running', r.started_at = datetime()
RETURN r.run_id AS run_id
