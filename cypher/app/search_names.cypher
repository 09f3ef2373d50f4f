// description: Fuzzy name search over every agency's records (full-text index person_record_names),
//   returning the subject key of each hit - the resolved Person when entity resolution linked the
//   record, else the record itself (an unresolved record stands for its own person).
// params: [text, limit]
CALL db.index.fulltext.queryNodes('person_record_names', $text) YIELD node AS r, score
WITH r, score ORDER BY score DESC LIMIT $limit * 4
OPTIONAL MATCH (r)-[:RESOLVES_TO]->(p:Person)
WITH coalesce(p.person_id, r.record_id) AS key, max(score) AS score
RETURN key, score ORDER BY score DESC, key LIMIT $limit
