// description: The record ids resolving to one person.
// params: [person_id]
MATCH (r:PersonRecord)-[:RESOLVES_TO]->(:Person {person_id: $person_id})
RETURN r.record_id AS record_id ORDER BY record_id
