// description: The rows one LoadRun quarantined, in file order.
// params: [run_id, limit]
MATCH (:LoadRun {run_id: $run_id})-[:QUARANTINED]->(q:QuarantinedRow)
RETURN q.line AS line, q.reason AS reason, q.raw AS raw, q.raw_length AS raw_length,
       q.first_line AS first_line, q.last_line AS last_line
ORDER BY q.line
LIMIT $limit
