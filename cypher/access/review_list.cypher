// description: Entity-resolution review pairs the viewer may see, most probable first, both
//   records side by side (name, date of birth, agency and postcode - what is needed to decide
//   whether they are one person). A pair is shown only when both records' agencies are
//   visible under the agreement; the others are counted in `withheld`. One row of
//   pairs, withheld and shown_ids (the records and people shown, for the audit). Audited, as
//   names and dates of birth are personal data.
// access: agreement
// audit: {action: review_list, terms: [status], subjects_from: shown_ids, count_from: pairs}
// params: [status, limit, visible_agencies]
MATCH (q:ReviewPair {status: $status})
MATCH (a:PersonRecord {record_id: q.record_a})
MATCH (b:PersonRecord {record_id: q.record_b})
WITH q, a, b, a.source_agency IN $visible_agencies AND b.source_agency IN $visible_agencies AS seen
ORDER BY q.probability DESC, q.pair_id
WITH collect(CASE WHEN seen THEN [q, a, b] END) AS shown,
     count(CASE WHEN NOT seen THEN 1 END) AS withheld
// project only the page shown, not every pending pair
UNWIND (CASE WHEN size(shown) = 0 THEN [null] ELSE shown[..$limit] END) AS t
WITH withheld, t[0] AS q, t[1] AS a, t[2] AS b
WITH withheld, collect(CASE WHEN q IS NOT NULL THEN q {
         .pair_id, .probability, .evidence, .status, .decision,
         a: a {.record_id, .source_agency, .forename, .surname, .postcode, dob: toString(a.dob),
               person_id: head([(a)-[:RESOLVES_TO]->(pa:Person) | pa.person_id]),
               person_name: head([(a)-[:RESOLVES_TO]->(pa:Person) | pa.display_name])},
         b: b {.record_id, .source_agency, .forename, .surname, .postcode, dob: toString(b.dob),
               person_id: head([(b)-[:RESOLVES_TO]->(pb:Person) | pb.person_id]),
               person_name: head([(b)-[:RESOLVES_TO]->(pb:Person) | pb.display_name])}
       } END) AS pairs
RETURN pairs, withheld,
       reduce(ids = [], p IN pairs | ids + [x IN [p.a.record_id, p.a.person_id, p.b.record_id,
                                                  p.b.person_id] WHERE x IS NOT NULL]) AS shown_ids
