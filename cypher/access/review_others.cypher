// description: The undecided match pairs (to decide, or waiting for the agency's answer) of
//   the given records and of every record of the given people - what else the two sides of a
//   pair on the Matches page may be, whether or not the queue on screen lists them. A pair is
//   shown when both records' agencies are visible under the agreement, with its status, who
//   asked the agency and on which day when waiting, and both records' agency, own id, name,
//   date of birth and person; the others are counted in `withheld`. Pending pairs first, then
//   waiting ones, each most probable first. Audited by the caller with the pairs it shows.
// access: agreement
// params: [record_ids, person_ids, visible_agencies]
CALL {
  UNWIND $record_ids AS rid
  MATCH (r:PersonRecord {record_id: rid})
  RETURN r
  UNION
  UNWIND $person_ids AS pid
  MATCH (:Person {person_id: pid})<-[:RESOLVES_TO]-(r:PersonRecord)
  RETURN r
}
MATCH (r)<-[:CANDIDATE]-(q:ReviewPair)
WHERE q.status IN ['pending', 'waiting']
WITH DISTINCT q
WITH q, q.agency_a IN $visible_agencies AND q.agency_b IN $visible_agencies AS visible
ORDER BY q.status = 'waiting', q.probability DESC, q.pair_id
CALL (q, visible) {
  WITH q WHERE visible
  UNWIND [['a', q.record_a], ['b', q.record_b]] AS side
  MATCH (x:PersonRecord {record_id: side[1]})
  OPTIONAL MATCH (x)-[:RESOLVES_TO]->(p:Person)
  RETURN collect([side[0], x {.record_id, .source_agency, .source_record_id, .forename,
                              .surname, dob: toString(x.dob), person_id: p.person_id}]) AS sides
}
RETURN collect(CASE WHEN visible THEN {
         pair_id: q.pair_id, probability: q.probability, status: q.status,
         asked_by: CASE WHEN q.status = 'waiting' THEN q.decided_by END,
         asked_on: CASE WHEN q.status = 'waiting' THEN toString(date(q.decided_at)) END,
         a: head([s IN sides WHERE s[0] = 'a' | s[1]]),
         b: head([s IN sides WHERE s[0] = 'b' | s[1]])
       } END) AS pairs,
       count(CASE WHEN NOT visible THEN 1 END) AS withheld
