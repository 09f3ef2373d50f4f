// description: Flags of a pattern that its latest run did not raise stop being "current"
//   (kept with their status and history - nothing is deleted).
// params: [pattern_id, run_id]
MATCH (f:Flag {pattern_id: $pattern_id})
WHERE f.current AND f.last_run_id <> $run_id
SET f.current = false
