// description: Benchmark only - every resolved record's source and key(s), to map Persons to
//   the generator's ground-truth person ids (labels/records.csv). Some sources label rows
//   that are events of one record (immigration status events), so event keys from the same
//   source come too.
// params: []
MATCH (r:PersonRecord)-[:RESOLVES_TO]->(p:Person)
RETURN p.person_id AS person_id, r.source AS source,
       [r.source_record_id] + COLLECT { MATCH (r)-[:INVOLVED_IN]->(e:Event)
                                        WHERE e.source = r.source
                                        RETURN e.source_record_id } AS record_keys
