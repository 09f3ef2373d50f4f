// description: The steps of one run in order, with timings, attempts and counts (JSON).
// params: [run_id]
MATCH (:PipelineRun {run_id: $run_id})-[:HAS_STEP]->(s:PipelineStep)
RETURN s.name AS name, s.position AS position, s.status AS status, s.attempts AS attempts,
       toString(s.started_at) AS started_at, toString(s.ended_at) AS ended_at,
       s.duration_ms AS duration_ms, s.counts AS counts, s.message AS message, s.error AS error
ORDER BY s.position
