// description: The subject key a page should show for a key - a Person's id stays; a record that
//   entity resolution linked to a Person becomes that Person's id; an unresolved record stays.
// params: [key]
OPTIONAL MATCH (p:Person {person_id: $key})
OPTIONAL MATCH (r:PersonRecord {record_id: $key})
OPTIONAL MATCH (r)-[:RESOLVES_TO]->(rp:Person)
WITH p, r, rp ORDER BY rp.person_id LIMIT 1
WITH coalesce(p.person_id, rp.person_id, r.record_id) AS key, p IS NOT NULL OR rp IS NOT NULL AS resolved
WHERE key IS NOT NULL
RETURN key, resolved
