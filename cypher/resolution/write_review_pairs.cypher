// description: Queue candidate pairs (between the thresholds) for a human decision, with both
//   records' agencies (the review queue filters on them under an agreement) and the reason a
//   probable pair was held back (a guard - identifier_conflict, generational, twin, ...).
// params: [rows, run_id]
UNWIND $rows AS row
MATCH (a:PersonRecord {record_id: row.record_a})
MATCH (b:PersonRecord {record_id: row.record_b})
MERGE (q:ReviewPair {pair_id: row.pair_id})
ON CREATE SET q.status = 'pending', q.created_at = datetime()
SET q.record_a = row.record_a, q.record_b = row.record_b, q.probability = row.probability,
    q.evidence = row.evidence, q.reason = row.reason, q.run_id = $run_id,
    q.agency_a = a.source_agency, q.agency_b = b.source_agency
MERGE (q)-[:CANDIDATE]->(a)
MERGE (q)-[:CANDIDATE]->(b)
