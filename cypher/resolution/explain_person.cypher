// description: A person, its identity history and every record linked to it, with why.
// params: [person_id]
MATCH (p:Person {person_id: $person_id})
OPTIONAL MATCH (r:PersonRecord)-[link:RESOLVES_TO]->(p)
WITH p, r, link ORDER BY r.record_id
WITH p, collect(CASE WHEN r IS NULL THEN null ELSE
  r {.record_id, .source_agency, .source_record_id, .forename, .middle_names, .surname,
     .postcode, .nhs_number, .ni_number, .upn, .sex, dob: toString(r.dob),
     method: link.method, probability: link.probability, evidence: link.evidence,
     via_record_id: link.via_record_id, run_id: link.run_id} END) AS records
OPTIONAL MATCH (q:ReviewPair {status: 'pending'})-[:CANDIDATE]->(:PersonRecord)
               -[:RESOLVES_TO]->(p)
RETURN p {.*, dob: toString(p.dob), created_at: toString(p.created_at),
          updated_at: toString(p.updated_at)} AS person,
       records, collect(DISTINCT q.pair_id) AS pending_pairs
