// description: Drop pending review pairs whose two records now resolve to the same person.
// params: []
MATCH (q:ReviewPair {status: 'pending'})
MATCH (:PersonRecord {record_id: q.record_a})-[:RESOLVES_TO]->(p:Person)
      <-[:RESOLVES_TO]-(:PersonRecord {record_id: q.record_b})
DETACH DELETE q
