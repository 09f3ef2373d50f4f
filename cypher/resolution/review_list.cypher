// description: Review pairs with both records side by side, most probable first.
// params: [status, limit]
MATCH (q:ReviewPair {status: $status})
MATCH (a:PersonRecord {record_id: q.record_a})
MATCH (b:PersonRecord {record_id: q.record_b})
OPTIONAL MATCH (a)-[:RESOLVES_TO]->(pa:Person)
OPTIONAL MATCH (b)-[:RESOLVES_TO]->(pb:Person)
RETURN q.pair_id AS pair_id, q.probability AS probability, q.evidence AS evidence,
       q.status AS status, q.decision AS decision,
       a {.record_id, .source_agency, .forename, .surname, .postcode, dob: toString(a.dob),
          person_id: pa.person_id} AS a,
       b {.record_id, .source_agency, .forename, .surname, .postcode, dob: toString(b.dob),
          person_id: pb.person_id} AS b
ORDER BY probability DESC, pair_id LIMIT $limit
