// description: Where children who went missing were, and who else is tied to those places - for
//   every child with a missing episode (police missing or found-missing report, children's
//   social care missing episode), the addresses of the child's own events (a found report at an
//   address, a welfare check, an incident) other than the child's home, and the people tied to
//   each address - involved in another event there (a drug-supply raid's suspect) or living
//   there - with the records that say so (at most $cap such people per child). The person-level
//   projection links people only by shared events, addresses lived at and relations, so a child
//   found at a trap house is otherwise not connected to the house's adults at all. Under the
//   agreement only visible records and events count.
// access: agreement
// purpose: required
// params: [cap, visible_agencies, visible_event_types]
UNWIND [['police_incident', 'missing_person'], ['police_incident', 'found_missing_person'],
        ['missing_episode', 'missing']] AS kind
MATCH (m:Event)
WHERE m.category = kind[0] AND m.type = kind[1] AND m.source_agency IN $visible_agencies
  AND [m.category, m.type] IN $visible_event_types
MATCH (m)<-[mi:INVOLVED_IN]-(mr:PersonRecord)-[:RESOLVES_TO]->(c:Person)
WHERE NOT coalesce(mi.role, '') IN ['reporter', 'witness', 'suspect', 'associate']
  AND mr.source_agency IN $visible_agencies AND coalesce(c.status, 'active') = 'active'
WITH c, count(DISTINCT m) AS missing
CALL (c) {
  MATCH (c)<-[:RESOLVES_TO]-(r:PersonRecord)-[ci:INVOLVED_IN]->(e:Event)-[:OCCURRED_AT]->(a:Address)
  WHERE NOT coalesce(ci.role, '') IN ['reporter', 'witness']
    AND r.source_agency IN $visible_agencies AND e.source_agency IN $visible_agencies
    AND [e.category, e.type] IN $visible_event_types
    AND NOT EXISTS { MATCH (c)<-[:RESOLVES_TO]-(:PersonRecord)-[:LIVES_AT]->(a) }
  WITH DISTINCT a, e
  CALL (a, e) {
    MATCH (a)<-[:OCCURRED_AT]-(e2:Event)<-[i2:INVOLVED_IN]-(r2:PersonRecord)-[:RESOLVES_TO]->(q:Person)
    WHERE e2 <> e AND NOT coalesce(i2.role, '') IN ['reporter', 'witness']
      AND r2.source_agency IN $visible_agencies AND e2.source_agency IN $visible_agencies
      AND [e2.category, e2.type] IN $visible_event_types
    RETURN q, e2.source_agency AS agency, e2.source_record_id AS record_id,
           e2.category + '/' + e2.type AS via
    UNION
    MATCH (a)<-[:LIVES_AT]-(r2:PersonRecord)-[:RESOLVES_TO]->(q:Person)
    WHERE r2.source_agency IN $visible_agencies
    RETURN q, r2.source_agency AS agency, r2.source_record_id AS record_id, 'lives there' AS via
  }
  WITH a, e, q, agency, record_id, via
  WHERE q <> c
  WITH a, q, collect(DISTINCT {agency: agency, record_id: record_id, via: via}) +
       collect(DISTINCT {agency: e.source_agency, record_id: e.source_record_id,
                         via: 'child ' + e.category + '/' + e.type}) AS records
  ORDER BY q.person_id LIMIT $cap
  RETURN collect({other: q.person_id, other_name: q.display_name, other_dob: q.dob,
                  place: a.address_id, records: records}) AS links
}
RETURN c.person_id AS person_id, c.display_name AS display_name, c.dob AS dob, missing, links
