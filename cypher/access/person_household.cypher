// description: The household and associates panel of a subject (a Person, or a record entity
//   resolution has not linked yet) - per address the subject's VISIBLE records live (or lived)
//   at, everyone else whose visible record lives or lived there, with both stays' dates
//   (kind `co_resident`); and the people linked to the subject by a visible RELATED_TO, or
//   involved in the same visible event (agency and event type shown by the agreement), with
//   the relation, their roles and how many events they share (kind `associate`; a relation `in:partner` is recorded from their record - they are the subject's partner - and `out:parent` from the subject's). A person
//   known only through records or events the agreement withholds is not listed, and a member's
//   name comes from their visible records only. Needs a recorded purpose; audited with the
//   profile it belongs to (`person_view`), not on its own.
// access: agreement
// purpose: required
// params: [key, visible_agencies, visible_event_types]
CALL () {
  MATCH (:Person {person_id: $key})<-[:RESOLVES_TO]-(r:PersonRecord) RETURN r
  UNION
  MATCH (r:PersonRecord {record_id: $key})
  WHERE NOT EXISTS { (r)-[:RESOLVES_TO]->(:Person) }
  RETURN r
}
WITH collect(r) AS all_mine
WITH [r IN all_mine WHERE r.source_agency IN $visible_agencies] AS mine
CALL (mine) {
  UNWIND mine AS r1
  MATCH (r1)-[l1:LIVES_AT]->(a:Address)<-[l2:LIVES_AT]-(r2:PersonRecord)
  WHERE r2.source_agency IN $visible_agencies AND NOT r2 IN mine
    AND coalesce(l1.source_agency, r1.source_agency) IN $visible_agencies
    AND coalesce(l2.source_agency, r2.source_agency) IN $visible_agencies
  OPTIONAL MATCH (r2)-[:RESOLVES_TO]->(m:Person)
  RETURN 'co_resident' AS kind, coalesce(m.person_id, r2.record_id) AS member,
         a.address_id AS address_id,
         trim(coalesce(a.line1, '') + ', ' + coalesce(a.town, '')) AS address,
         a.postcode AS postcode,
         l1.from AS my_from, l1.to AS my_to, l2.from AS from, l2.to AS to,
         r2.source_agency AS agency, null AS relation, null AS role, null AS event_id
  UNION
  UNWIND mine AS r1
  MATCH (r1)-[rel:RELATED_TO]-(r2:PersonRecord)
  WHERE r2.source_agency IN $visible_agencies AND NOT r2 IN mine
    AND coalesce(rel.source_agency, r1.source_agency) IN $visible_agencies
  OPTIONAL MATCH (r2)-[:RESOLVES_TO]->(m:Person)
  RETURN 'associate' AS kind, coalesce(m.person_id, r2.record_id) AS member,
         null AS address_id, null AS address, null AS postcode,
         null AS my_from, null AS my_to, null AS from, null AS to,
         r2.source_agency AS agency,
         CASE WHEN startNode(rel) = r1 THEN 'out:' ELSE 'in:' END
           + coalesce(rel.relation, 'related') AS relation,
         null AS role, null AS event_id
  UNION
  UNWIND mine AS r1
  MATCH (r1)-[:INVOLVED_IN]->(e:Event)<-[i2:INVOLVED_IN]-(r2:PersonRecord)
  WHERE r2.source_agency IN $visible_agencies AND NOT r2 IN mine
    AND e.source_agency IN $visible_agencies AND [e.category, e.type] IN $visible_event_types
  OPTIONAL MATCH (r2)-[:RESOLVES_TO]->(m:Person)
  RETURN 'associate' AS kind, coalesce(m.person_id, r2.record_id) AS member,
         null AS address_id, null AS address, null AS postcode,
         null AS my_from, null AS my_to, null AS from, null AS to,
         r2.source_agency AS agency, null AS relation, i2.role AS role, e.event_id AS event_id
}
WITH * WHERE member <> $key
WITH kind, member, address_id,
     head(collect(address)) AS address, head(collect(postcode)) AS postcode,
     collect(DISTINCT {my_from: toString(my_from), my_to: toString(my_to)}) AS my_stays,
     collect(DISTINCT {from: toString(from), to: toString(to), agency: agency}) AS stays,
     [x IN collect(DISTINCT relation) WHERE x IS NOT NULL] AS relations,
     [x IN collect(DISTINCT role) WHERE x IS NOT NULL] AS roles,
     count(DISTINCT event_id) AS shared_events
CALL (member) {
  CALL (member) {
    MATCH (:Person {person_id: member})<-[:RESOLVES_TO]-(v:PersonRecord) RETURN v
    UNION
    MATCH (v:PersonRecord {record_id: member}) RETURN v
  }
  WITH v WHERE v.source_agency IN $visible_agencies
  OPTIONAL MATCH (v)-[:RESOLVES_TO]->(p:Person)
  WITH v ORDER BY coalesce(v.full_name = p.display_name, false) DESC, v.record_id
  RETURN head(collect(coalesce(v.full_name,
                               trim(coalesce(v.forename, '') + ' ' + coalesce(v.surname, '')))))
           AS name,
         head([d IN collect(v.dob) WHERE d IS NOT NULL]) AS dob
}
RETURN kind, member, name, toString(dob) AS dob, address_id, address, postcode, my_stays, stays, relations,
       roles, shared_events
ORDER BY kind, address_id, name, member
