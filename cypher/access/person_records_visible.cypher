// description: The records resolving to one person, for a reviewer about to split it - the
//   ids of those the agreement shows (in record_id order, as resolution/person_records) and a
//   count of those it withholds (a split must see every record, because the records left
//   behind are part of the decision).
// access: agreement
// params: [person_id, visible_agencies]
MATCH (r:PersonRecord)-[:RESOLVES_TO]->(:Person {person_id: $person_id})
WITH r ORDER BY r.record_id
RETURN collect(CASE WHEN r.source_agency IN $visible_agencies THEN r.record_id END) AS visible,
       count(CASE WHEN NOT r.source_agency IN $visible_agencies THEN 1 END) AS withheld
