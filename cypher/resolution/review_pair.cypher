// description: One review pair by id (any status).
// params: [pair_id]
MATCH (q:ReviewPair {pair_id: $pair_id})
RETURN q.pair_id AS pair_id, q.record_a AS record_a, q.record_b AS record_b,
       q.probability AS probability, q.status AS status
