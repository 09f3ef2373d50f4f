// description: Pending match pairs (the entity-resolution review queue) of each person in
//   $person_ids - pairs one of whose records resolves to the person and the other to someone
//   else (or to no one yet), meaning "this may be the same person". A pair is shown when both
//   records' agencies are visible under the agreement, with both records' agency, own id, name and date
//   of birth (what is needed to weigh it); the others are counted per person in `withheld`.
//   Read alongside a flag list or a profile, whose own read is the audited one.
// access: agreement
// params: [person_ids, visible_agencies]
UNWIND $person_ids AS pid
MATCH (p:Person {person_id: pid})<-[:RESOLVES_TO]-(mine:PersonRecord)
      <-[:CANDIDATE]-(q:ReviewPair {status: 'pending'})-[:CANDIDATE]->(other:PersonRecord)
WHERE other <> mine AND NOT (other)-[:RESOLVES_TO]->(p)
WITH p, q, mine, other, head(COLLECT { MATCH (other)-[:RESOLVES_TO]->(o:Person) RETURN o }) AS o,
     mine.source_agency IN $visible_agencies AND other.source_agency IN $visible_agencies
       AS visible
WITH p, q, mine, other, o, visible ORDER BY q.probability DESC, q.pair_id
WITH p,
     collect(CASE WHEN visible THEN {
       pair_id: q.pair_id, probability: q.probability,
       record: mine {.record_id, .source_agency, .source_record_id, .forename, .surname,
                     dob: toString(mine.dob)},
       other: other {.record_id, .source_agency, .source_record_id, .forename, .surname,
                     dob: toString(other.dob)},
       other_person_id: o.person_id
     } END) AS pairs,
     count(CASE WHEN NOT visible THEN 1 END) AS withheld
RETURN p.person_id AS person_id, pairs, withheld
