// description: Link a pipeline run to the LoadRuns its load step wrote.
// params: [run_id, load_run_ids]
MATCH (r:PipelineRun {run_id: $run_id})
UNWIND $load_run_ids AS load_run_id
MATCH (l:LoadRun {run_id: load_run_id})
MERGE (r)-[:INCLUDED]->(l)
RETURN count(l) AS linked
