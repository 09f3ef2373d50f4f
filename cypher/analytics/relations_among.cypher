// description: Recorded relationships among a set of people (closes an ego network's last ring).
// params: [person_ids]
UNWIND $person_ids AS pid
MATCH (:Person {person_id: pid})<-[:RESOLVES_TO]-(r:PersonRecord)-[rel:RELATED_TO]->(:PersonRecord)
      -[:RESOLVES_TO]->(q:Person)
WHERE q.person_id IN $person_ids AND q.person_id <> pid
RETURN pid AS from_id, q.person_id AS to_id, rel.relation AS role,
       r.source_agency AS agency, r.source_record_id AS record_id
