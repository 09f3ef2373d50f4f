// description: Recorded relationships among a set of people (closes an ego network's last ring),
//   asserted by records visible under the agreement (both ends).
// access: agreement
// purpose: required
// params: [person_ids, visible_agencies]
UNWIND $person_ids AS pid
MATCH (:Person {person_id: pid})<-[:RESOLVES_TO]-(r:PersonRecord)-[rel:RELATED_TO]->(o:PersonRecord)
      -[:RESOLVES_TO]->(q:Person)
WHERE q.person_id IN $person_ids AND q.person_id <> pid
  AND r.source_agency IN $visible_agencies AND o.source_agency IN $visible_agencies
RETURN pid AS from_id, q.person_id AS to_id, rel.relation AS role,
       r.source_agency AS agency, r.source_record_id AS record_id
