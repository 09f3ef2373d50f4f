// description: Undecided match pairs of each person in $person_ids - pending (the entity-
//   resolution review queue) and waiting (a reviewer was not sure and asked the agency) - pairs
//   one of whose records resolves to the person and the other to someone else (or to no one
//   yet), meaning "this may be the same person". A pair is shown when both records' agencies
//   are visible under the agreement, with its status, both records' agency, own id, name and
//   date of birth (what is needed to weigh it) and, when waiting, who asked the agency and on
//   which day; the others, of either status, are counted per person in `withheld`. Pending
//   pairs first, then waiting ones, each most probable first.
//   Read alongside a flag list or a profile, whose own read is the audited one.
// access: agreement
// params: [person_ids, visible_agencies]
UNWIND $person_ids AS pid
MATCH (p:Person {person_id: pid})<-[:RESOLVES_TO]-(mine:PersonRecord)
      <-[:CANDIDATE]-(q:ReviewPair)-[:CANDIDATE]->(other:PersonRecord)
WHERE q.status IN ['pending', 'waiting'] AND other <> mine AND NOT (other)-[:RESOLVES_TO]->(p)
WITH p, q, mine, other, head(COLLECT { MATCH (other)-[:RESOLVES_TO]->(o:Person) RETURN o }) AS o,
     mine.source_agency IN $visible_agencies AND other.source_agency IN $visible_agencies
       AS visible
WITH p, q, mine, other, o, visible
ORDER BY q.status = 'waiting', q.probability DESC, q.pair_id
WITH p,
     collect(CASE WHEN visible THEN {
       pair_id: q.pair_id, probability: q.probability, status: q.status,
       asked_by: CASE WHEN q.status = 'waiting' THEN q.decided_by END,
       asked_on: CASE WHEN q.status = 'waiting' THEN toString(date(q.decided_at)) END,
       record: mine {.record_id, .source_agency, .source_record_id, .forename, .surname,
                     dob: toString(mine.dob)},
       other: other {.record_id, .source_agency, .source_record_id, .forename, .surname,
                     dob: toString(other.dob)},
       other_person_id: o.person_id
     } END) AS pairs,
     count(CASE WHEN NOT visible THEN 1 END) AS withheld
RETURN p.person_id AS person_id, pairs, withheld
