// description: Records whose own postcode, or an address they lived at, has this postcode, as
//   subject keys (Person if resolved). Postcodes are compared upper-case with one inner space.
// params: [postcode, limit]
CALL (*) {
  MATCH (r:PersonRecord) WHERE r.postcode = $postcode RETURN r
  UNION
  MATCH (:Address {postcode: $postcode})<-[:LIVES_AT]-(r:PersonRecord) RETURN r
}
OPTIONAL MATCH (r)-[:RESOLVES_TO]->(p:Person)
WITH DISTINCT coalesce(p.person_id, r.record_id) AS key
RETURN key, 1.0 AS score ORDER BY key LIMIT $limit
