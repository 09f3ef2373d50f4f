// description: One page of the person-level projection of the whole graph, for NetworkX - people
//   with at least one record visible under the agreement, in person_id order after $after, each
//   with their links to other people (shared visible events, shared addresses and recorded
//   relationships, asserted by visible records at both ends) and their visible missing episodes.
//   A person's name and date of birth come from their visible records only (as in the
//   explorer), never from the resolved Person. Page by passing the last person_id seen.
// access: agreement
// purpose: required
// params: [after, limit, visible_agencies, visible_event_types]
MATCH (p:Person)
WHERE p.person_id > $after AND coalesce(p.status, 'active') = 'active'
  AND EXISTS { (p)<-[:RESOLVES_TO]-(r:PersonRecord) WHERE r.source_agency IN $visible_agencies }
WITH p ORDER BY p.person_id LIMIT $limit
WITH p, COLLECT { MATCH (p)<-[:RESOLVES_TO]-(r:PersonRecord)
                  WHERE r.source_agency IN $visible_agencies RETURN r } AS shown
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
WITH p, shown, other, via, count(*) AS n
WITH p, shown, collect({other: other, via: via, n: n}) AS links
RETURN p.person_id AS person_id,
       coalesce(head([r IN shown WHERE r.full_name = p.display_name | r.full_name]),
                head([r IN shown WHERE r.full_name IS NOT NULL | r.full_name]),
                trim(coalesce(head(shown).forename, '') + ' '
                     + coalesce(head(shown).surname, ''))) AS display_name,
       head([r IN shown WHERE r.dob IS NOT NULL | r.dob]) AS dob,
       COUNT { MATCH (p)<-[:RESOLVES_TO]-(r:PersonRecord)-[i:INVOLVED_IN]->
               (e:Event {category: 'police_incident', type: 'missing_person'})
               WHERE NOT i.role IN ['reporter', 'witness'] AND r.source_agency IN $visible_agencies
                 AND e.source_agency IN $visible_agencies
                 AND ['police_incident', 'missing_person'] IN $visible_event_types }
         AS missing_episodes,
       [l IN links WHERE l.other IS NOT NULL] AS links
