// description: Visible records whose postcode, or an address they lived at, has this postcode,
//   as subject keys (Person if resolved).
// access: agreement
// audit: {action: search, terms: [postcode]}
// params: [postcode, limit, visible_agencies]
CALL (*) {
  MATCH (r:PersonRecord) WHERE r.postcode = $postcode RETURN r
  UNION
  MATCH (:Address {postcode: $postcode})<-[:LIVES_AT]-(r:PersonRecord) RETURN r
}
WITH r WHERE r.source_agency IN $visible_agencies
OPTIONAL MATCH (r)-[:RESOLVES_TO]->(p:Person)
WITH DISTINCT coalesce(p.person_id, r.record_id) AS key
RETURN key, 1.0 AS score ORDER BY key LIMIT $limit
