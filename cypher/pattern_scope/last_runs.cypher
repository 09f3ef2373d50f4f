// description: The latest recorded run of each pattern (its start and parameters) - flags are
//   exact as of that run, so an incremental run re-checks what changed since it started.
// params: [pattern_ids]
UNWIND $pattern_ids AS pattern_id
CALL (pattern_id) {
  MATCH (r:PatternRun {pattern_id: pattern_id})
  RETURN r ORDER BY r.started_at DESC LIMIT 1
}
RETURN pattern_id, r.started_at AS started_at, r.params_json AS params_json
