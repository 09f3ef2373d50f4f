// description: The scheduler says it is alive, with its next runs (JSON), for the health page.
// params: [scheduler_id, host, pid, started_at, next_runs, jobstore]
MERGE (h:SchedulerHeartbeat {scheduler_id: $scheduler_id})
SET h.host = $host, h.pid = $pid, h.started_at = datetime($started_at), h.at = datetime(),
    h.next_runs = $next_runs, h.jobstore = $jobstore
RETURN toString(h.at) AS at
