// description: Why these records are one person, under the agreement - the person, its identity
//   history and the VISIBLE records linked to it (method, probability, evidence), identifiers
//   masked where the agreement withholds them for the record's agency; records of invisible
//   agencies are left out and counted in `withheld`. Needs a recorded purpose; audited.
//   With the ids of its pending review pairs and the pairs waiting for the agency (a reviewer
//   was not sure and asked, with who asked and on which day) - only pairs whose two records'
//   agencies are both visible (a pair id names a record the agreement may not share).
// access: agreement
// purpose: required
// audit: {action: resolution_explain, subject: person_id}
// params: [person_id, visible_agencies, visible_fields, withheld_text]
MATCH (p:Person {person_id: $person_id})
OPTIONAL MATCH (r:PersonRecord)-[link:RESOLVES_TO]->(p)
WITH p, r, link ORDER BY r.record_id
WITH p, collect(CASE WHEN r IS NOT NULL AND r.source_agency IN $visible_agencies THEN
  r {.record_id, .source_agency, .source_record_id, .forename, .middle_names, .surname,
     .postcode, .sex, dob: toString(r.dob),
     nhs_number: CASE WHEN r.nhs_number IS NULL OR 'nhs_number' IN
                   coalesce($visible_fields[r.source_agency], [])
                 THEN r.nhs_number ELSE $withheld_text[r.source_agency] END,
     ni_number: CASE WHEN r.ni_number IS NULL OR 'ni_number' IN
                  coalesce($visible_fields[r.source_agency], [])
                THEN r.ni_number ELSE $withheld_text[r.source_agency] END,
     upn: CASE WHEN r.upn IS NULL OR 'upn' IN coalesce($visible_fields[r.source_agency], [])
          THEN r.upn ELSE $withheld_text[r.source_agency] END,
     method: link.method, probability: link.probability, evidence: link.evidence,
     via_record_id: link.via_record_id, run_id: link.run_id} END) AS records,
     count(CASE WHEN r IS NOT NULL AND NOT r.source_agency IN $visible_agencies THEN 1 END)
       AS withheld
WITH p, records, withheld, COLLECT {
  MATCH (w:ReviewPair {status: 'waiting'})-[:CANDIDATE]->(:PersonRecord)-[:RESOLVES_TO]->(p)
  WHERE w.agency_a IN $visible_agencies AND w.agency_b IN $visible_agencies
  RETURN DISTINCT w {.pair_id, asked_by: w.decided_by, asked_on: toString(date(w.decided_at))}
    AS waiting ORDER BY waiting.pair_id
} AS waiting_pairs
OPTIONAL MATCH (q:ReviewPair {status: 'pending'})-[:CANDIDATE]->(:PersonRecord)
               -[:RESOLVES_TO]->(p)
WHERE q.agency_a IN $visible_agencies AND q.agency_b IN $visible_agencies
RETURN p.person_id AS key, p {.person_id, .display_name, .status, .merged_into, .split_into,
          .history, dob: toString(p.dob), created_at: toString(p.created_at),
          updated_at: toString(p.updated_at)} AS person,
       records, withheld, collect(DISTINCT q.pair_id) AS pending_pairs, waiting_pairs
