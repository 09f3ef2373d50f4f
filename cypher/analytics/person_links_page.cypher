// description: One page of the person-level projection of the whole graph, for NetworkX -
//   people in person_id order after $after, each with their links to other people (shared
//   events, shared addresses, recorded relationships) and their missing episodes. Page by
//   passing the last person_id seen. Under the agreement only visible records and events link
//   people or count as missing episodes (the system identity passes every agency and type).
// access: agreement
// purpose: required
// params: [after, limit, visible_agencies, visible_event_types]
MATCH (p:Person)
WHERE p.person_id > $after AND coalesce(p.status, 'active') = 'active'
WITH p ORDER BY p.person_id LIMIT $limit
OPTIONAL CALL (p) {
  MATCH (p)<-[:RESOLVES_TO]-(r1:PersonRecord)-[:INVOLVED_IN]->(e:Event)<-[:INVOLVED_IN]-(r2:PersonRecord)
        -[:RESOLVES_TO]->(q:Person)
  WHERE q.person_id > p.person_id AND r1.source_agency IN $visible_agencies
    AND r2.source_agency IN $visible_agencies AND e.source_agency IN $visible_agencies
    AND [e.category, e.type] IN $visible_event_types
  RETURN q.person_id AS other, 'event' AS via
  UNION ALL
  MATCH (p)<-[:RESOLVES_TO]-(r1:PersonRecord)-[:LIVES_AT]->(:Address)<-[:LIVES_AT]-(r2:PersonRecord)
        -[:RESOLVES_TO]->(q:Person)
  WHERE q.person_id > p.person_id AND r1.source_agency IN $visible_agencies
    AND r2.source_agency IN $visible_agencies
  RETURN q.person_id AS other, 'address' AS via
  UNION ALL
  MATCH (p)<-[:RESOLVES_TO]-(r1:PersonRecord)-[:RELATED_TO]-(r2:PersonRecord)-[:RESOLVES_TO]->(q:Person)
  WHERE q.person_id > p.person_id AND r1.source_agency IN $visible_agencies
    AND r2.source_agency IN $visible_agencies
  RETURN q.person_id AS other, 'relation' AS via
}
WITH p, other, via, count(*) AS n
WITH p, collect({other: other, via: via, n: n}) AS links
RETURN p.person_id AS person_id, p.display_name AS display_name, p.dob AS dob,
       COUNT { MATCH (p)<-[:RESOLVES_TO]-(r:PersonRecord)-[i:INVOLVED_IN]->
               (e:Event {category: 'police_incident', type: 'missing_person'})
               WHERE NOT i.role IN ['reporter', 'witness'] AND r.source_agency IN $visible_agencies
                 AND e.source_agency IN $visible_agencies
                 AND ['police_incident', 'missing_person'] IN $visible_event_types }
         AS missing_episodes,
       [l IN links WHERE l.other IS NOT NULL] AS links
