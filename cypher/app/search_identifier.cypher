// description: Exact identifier search - NHS number, NI number, UPN, an agency's own record id,
//   a Touchpoint record id or person id. Returns subject keys (Person if resolved).
// params: [identifier, limit]
CALL (*) {
  MATCH (r:PersonRecord) WHERE r.nhs_number = $identifier RETURN r
  UNION
  MATCH (r:PersonRecord) WHERE r.ni_number = $identifier RETURN r
  UNION
  MATCH (r:PersonRecord) WHERE r.upn = $identifier RETURN r
  UNION
  MATCH (r:PersonRecord) WHERE r.source_record_id = $identifier RETURN r
  UNION
  MATCH (r:PersonRecord {record_id: $identifier}) RETURN r
  UNION
  MATCH (:Person {person_id: $identifier})<-[:RESOLVES_TO]-(r:PersonRecord) RETURN r
}
OPTIONAL MATCH (r)-[:RESOLVES_TO]->(p:Person)
WITH DISTINCT coalesce(p.person_id, r.record_id) AS key
RETURN key, 1.0 AS score ORDER BY key LIMIT $limit
