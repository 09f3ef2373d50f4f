// description: Exact identifier search over visible records. An NHS/NI number or UPN only matches
//   when the agreement shows that field for the record's agency (else searching by it would
//   reveal what the page withholds); record ids and person ids always match visible records.
// access: agreement
// audit: {action: search, terms: [identifier]}
// params: [identifier, limit, visible_agencies, visible_fields]
CALL (*) {
  MATCH (r:PersonRecord) WHERE r.nhs_number = $identifier
    AND 'nhs_number' IN coalesce($visible_fields[r.source_agency], []) RETURN r
  UNION
  MATCH (r:PersonRecord) WHERE r.ni_number = $identifier
    AND 'ni_number' IN coalesce($visible_fields[r.source_agency], []) RETURN r
  UNION
  MATCH (r:PersonRecord) WHERE r.upn = $identifier
    AND 'upn' IN coalesce($visible_fields[r.source_agency], []) RETURN r
  UNION
  MATCH (r:PersonRecord) WHERE r.source_record_id = $identifier RETURN r
  UNION
  MATCH (r:PersonRecord {record_id: $identifier}) RETURN r
  UNION
  MATCH (:Person {person_id: $identifier})<-[:RESOLVES_TO]-(r:PersonRecord) RETURN r
}
WITH r WHERE r.source_agency IN $visible_agencies
OPTIONAL MATCH (r)-[:RESOLVES_TO]->(p:Person)
WITH DISTINCT coalesce(p.person_id, r.record_id) AS key
RETURN key, 1.0 AS score ORDER BY key LIMIT $limit
