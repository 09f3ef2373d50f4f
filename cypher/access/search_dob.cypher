// description: Visible records with this date of birth, as subject keys (Person if resolved).
// access: agreement
// audit: {action: search, terms: [dob]}
// params: [dob, limit, visible_agencies]
MATCH (r:PersonRecord) WHERE r.dob = date($dob) AND r.source_agency IN $visible_agencies
OPTIONAL MATCH (r)-[:RESOLVES_TO]->(p:Person)
WITH DISTINCT coalesce(p.person_id, r.record_id) AS key
RETURN key, 1.0 AS score ORDER BY key LIMIT $limit
