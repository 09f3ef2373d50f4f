// description: Flags a run raised, split into newly created and already known.
// params: [pattern_id, run_id]
MATCH (f:Flag {pattern_id: $pattern_id})
WHERE f.last_run_id = $run_id
RETURN count(f) AS raised, count(CASE WHEN f.first_run_id = $run_id THEN 1 END) AS created
