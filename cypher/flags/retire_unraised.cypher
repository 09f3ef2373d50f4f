// description: Flags of a pattern that its latest run did not raise stop being "current"
//   (kept with their status and history - nothing is deleted). A scoped (incremental) run
//   passes the person ids it re-checked and retires only their flags; a full run passes null.
// params: [pattern_id, run_id, scope]
MATCH (f:Flag {pattern_id: $pattern_id})
WHERE f.current AND f.last_run_id <> $run_id
  AND ($scope IS NULL OR f.person_id IN $scope)
SET f.current = false
