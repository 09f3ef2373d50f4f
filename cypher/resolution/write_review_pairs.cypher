// description: Queue candidate pairs (between the thresholds) for a human decision.
// params: [rows, run_id]
UNWIND $rows AS row
MATCH (a:PersonRecord {record_id: row.record_a})
MATCH (b:PersonRecord {record_id: row.record_b})
MERGE (q:ReviewPair {pair_id: row.pair_id})
ON CREATE SET q.status = 'pending', q.created_at = datetime()
SET q.record_a = row.record_a, q.record_b = row.record_b, q.probability = row.probability,
    q.evidence = row.evidence, q.run_id = $run_id
MERGE (q)-[:CANDIDATE]->(a)
MERGE (q)-[:CANDIDATE]->(b)
