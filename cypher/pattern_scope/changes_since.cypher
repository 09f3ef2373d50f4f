// description: The loads and resolution runs that ended (or have not ended) since a time, and
//   whether each of those resolution runs was an incremental one that completed (only those
//   stamp the people they touched; any other forces a full pattern run).
// params: [since]
CALL () {
  MATCH (l:LoadRun)
  WHERE l.ended_at IS NULL OR l.ended_at >= $since
  RETURN collect(l.run_id) AS load_runs
}
CALL () {
  MATCH (r:ResolutionRun)
  WHERE r.ended_at IS NULL OR r.ended_at >= $since
  RETURN collect(r.run_id) AS resolution_runs,
         all(x IN collect(r) WHERE x.status = 'completed' AND x.mode = 'incremental')
           AS all_incremental
}
RETURN load_runs, resolution_runs, all_incremental
