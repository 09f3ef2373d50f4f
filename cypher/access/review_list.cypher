// description: Entity-resolution review pairs the viewer may see, most probable first, both
//   records side by side (name, date of birth, agency and postcode - what is needed to decide
//   whether they are one person). A pair is shown only when both records' agencies (kept on
//   the pair as agency_a / agency_b) are visible under the agreement; the others are counted
//   in `withheld`. One row of pairs, withheld and shown_ids (the records and people shown,
//   for the audit). Audited, as names and dates of birth are personal data.
// access: agreement
// audit: {action: review_list, terms: [status], subjects_from: shown_ids, count_from: pairs}
// params: [status, limit, visible_agencies]
CALL {
  MATCH (q:ReviewPair {status: $status})
  RETURN count(CASE WHEN NOT (q.agency_a IN $visible_agencies AND q.agency_b IN $visible_agencies)
                    THEN 1 END) AS withheld
}
CALL {
  // only the page shown is sorted out (top $limit) and its records read
  MATCH (q:ReviewPair {status: $status})
  WHERE q.agency_a IN $visible_agencies AND q.agency_b IN $visible_agencies
  WITH q ORDER BY q.probability DESC, q.pair_id LIMIT $limit
  MATCH (a:PersonRecord {record_id: q.record_a})
  MATCH (b:PersonRecord {record_id: q.record_b})
  RETURN collect(q {
           .pair_id, .probability, .evidence, .status, .decision,
           a: a {.record_id, .source_agency, .forename, .surname, .postcode, dob: toString(a.dob),
                 person_id: head([(a)-[:RESOLVES_TO]->(pa:Person) | pa.person_id]),
                 person_name: head([(a)-[:RESOLVES_TO]->(pa:Person) | pa.display_name])},
           b: b {.record_id, .source_agency, .forename, .surname, .postcode, dob: toString(b.dob),
                 person_id: head([(b)-[:RESOLVES_TO]->(pb:Person) | pb.person_id]),
                 person_name: head([(b)-[:RESOLVES_TO]->(pb:Person) | pb.display_name])}
         }) AS pairs
}
RETURN pairs, withheld,
       reduce(ids = [], p IN pairs | ids + [x IN [p.a.record_id, p.a.person_id, p.b.record_id,
                                                  p.b.person_id] WHERE x IS NOT NULL]) AS shown_ids
