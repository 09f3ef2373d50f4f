// description: All shortest paths (up to 12 record-level hops) between two subjects (Person id
//   or unresolved record id), using only the relationship types given; each node comes with the
//   Person its record resolves to so the app can draw the path at person level.
// params: [a, b, rel_types, limit]
CALL () {
  MATCH (s:Person {person_id: $a}) RETURN s
  UNION
  MATCH (s:PersonRecord {record_id: $a}) RETURN s
}
CALL () {
  MATCH (t:Person {person_id: $b}) RETURN t
  UNION
  MATCH (t:PersonRecord {record_id: $b}) RETURN t
}
MATCH p = allShortestPaths(
  (s)-[:LIVES_AT|INVOLVED_IN|RELATED_TO|ENROLLED_AT|REGISTERED_WITH|RESOLVES_TO|OCCURRED_AT*..12]-(t))
WHERE s <> t AND all(rel IN relationships(p) WHERE type(rel) IN $rel_types)
WITH p LIMIT $limit
RETURN [n IN nodes(p) | {labels: labels(n), props: properties(n),
          person_id: head(COLLECT { MATCH (n)-[:RESOLVES_TO]->(q:Person) RETURN q.person_id }),
          person_name: head(COLLECT { MATCH (n)-[:RESOLVES_TO]->(q:Person)
                                      RETURN q.display_name })}] AS nodes,
       [i IN range(0, length(p) - 1) | {type: type(relationships(p)[i]),
          props: properties(relationships(p)[i]),
          forward: startNode(relationships(p)[i]) = nodes(p)[i]}] AS rels
