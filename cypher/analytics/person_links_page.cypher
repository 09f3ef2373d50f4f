// description: One page of the person-level projection of the whole graph, for NetworkX -
//   people in person_id order after $after, each with their links to other people (shared
//   events, shared addresses, recorded relationships) and their missing episodes. Page by
//   passing the last person_id seen.
// params: [after, limit]
MATCH (p:Person)
WHERE p.person_id > $after AND coalesce(p.status, 'active') = 'active'
WITH p ORDER BY p.person_id LIMIT $limit
OPTIONAL CALL (p) {
  MATCH (p)<-[:RESOLVES_TO]-(:PersonRecord)-[:INVOLVED_IN]->(:Event)<-[:INVOLVED_IN]-(:PersonRecord)
        -[:RESOLVES_TO]->(q:Person)
  WHERE q.person_id > p.person_id
  RETURN q.person_id AS other, 'event' AS via
  UNION ALL
  MATCH (p)<-[:RESOLVES_TO]-(:PersonRecord)-[:LIVES_AT]->(:Address)<-[:LIVES_AT]-(:PersonRecord)
        -[:RESOLVES_TO]->(q:Person)
  WHERE q.person_id > p.person_id
  RETURN q.person_id AS other, 'address' AS via
  UNION ALL
  MATCH (p)<-[:RESOLVES_TO]-(:PersonRecord)-[:RELATED_TO]-(:PersonRecord)-[:RESOLVES_TO]->(q:Person)
  WHERE q.person_id > p.person_id
  RETURN q.person_id AS other, 'relation' AS via
}
WITH p, other, via, count(*) AS n
WITH p, collect({other: other, via: via, n: n}) AS links
RETURN p.person_id AS person_id, p.display_name AS display_name, p.dob AS dob,
       COUNT { MATCH (p)<-[:RESOLVES_TO]-(:PersonRecord)-[i:INVOLVED_IN]->
               (e:Event {category: 'police_incident', type: 'missing_person'})
               WHERE NOT i.role IN ['reporter', 'witness'] } AS missing_episodes,
       [l IN links WHERE l.other IS NOT NULL] AS links
