// description: Fuzzy name search (full-text index person_record_names) over the records of the
//   agencies the viewer's agreement makes visible; subject keys (the Person if resolved).
// access: agreement
// audit: {action: search, terms: [text]}
// params: [text, limit, visible_agencies]
CALL db.index.fulltext.queryNodes('person_record_names', $text) YIELD node AS r, score
WHERE r.source_agency IN $visible_agencies
WITH r, score ORDER BY score DESC LIMIT $limit * 4
OPTIONAL MATCH (r)-[:RESOLVES_TO]->(p:Person)
WITH coalesce(p.person_id, r.record_id) AS key, max(score) AS score
RETURN key, score ORDER BY score DESC, key LIMIT $limit
