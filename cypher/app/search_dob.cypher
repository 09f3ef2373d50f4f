// description: Records with this date of birth (range index), as subject keys (Person if resolved).
// params: [dob, limit]
MATCH (r:PersonRecord) WHERE r.dob = date($dob)
OPTIONAL MATCH (r)-[:RESOLVES_TO]->(p:Person)
WITH DISTINCT coalesce(p.person_id, r.record_id) AS key
RETURN key, 1.0 AS score ORDER BY key LIMIT $limit
