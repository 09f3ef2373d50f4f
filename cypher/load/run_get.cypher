// description: One LoadRun by id (its properties), or nothing.
// params: [run_id]
MATCH (r:LoadRun {run_id: $run_id})
RETURN properties(r) AS run
