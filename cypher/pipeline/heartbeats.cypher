// description: Scheduler heartbeats, latest first, with their age in seconds.
// params: []
MATCH (h:SchedulerHeartbeat)
RETURN h.scheduler_id AS scheduler_id, h.host AS host, h.pid AS pid,
       toString(h.started_at) AS started_at, toString(h.at) AS at,
       duration.inSeconds(h.at, datetime()).seconds AS age_seconds,
       h.next_runs AS next_runs, h.jobstore AS jobstore
ORDER BY h.at DESC
