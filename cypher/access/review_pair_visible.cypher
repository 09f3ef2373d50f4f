// description: One review pair for a reviewer - whether both of its records' agencies are
//   visible under the agreement (a reviewer decides only what they may see) - and, when
//   visible, its records and the people they resolve to. No row when there is no such pair.
// access: agreement
// params: [pair_id, visible_agencies]
MATCH (q:ReviewPair {pair_id: $pair_id})
OPTIONAL MATCH (a:PersonRecord {record_id: q.record_a})
OPTIONAL MATCH (b:PersonRecord {record_id: q.record_b})
WITH q, a, b,
     coalesce(a.source_agency IN $visible_agencies AND b.source_agency IN $visible_agencies,
              false) AS visible
RETURN q.pair_id AS pair_id, visible,
       CASE WHEN visible THEN q.record_a END AS record_a,
       CASE WHEN visible THEN q.record_b END AS record_b,
       CASE WHEN visible THEN [x IN [head([(a)-[:RESOLVES_TO]->(pa:Person) | pa.person_id]),
                                     head([(b)-[:RESOLVES_TO]->(pb:Person) | pb.person_id])]
                                WHERE x IS NOT NULL] ELSE [] END AS person_ids
