// description: The rows one LoadRun quarantined, in file order.
// params: [run_id, limit]
MATCH (:LoadRun {run_id: $run_id})-[:QUARANTINED]->(q:QuarantinedRow)
RETURN q.line AS line, q.reason AS reason, q.raw AS raw
ORDER BY q.line
LIMIT $limit
