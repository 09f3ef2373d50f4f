// description: One hop of the person-level network under the agreement - the subject's visible
//   records and what they link to over $rel_types, leaving out events of invisible agencies or
//   event types and records of invisible agencies, with detail fields masked as on the profile.
//   At most $per_node links per key; `total` counts the visible links, `withheld` the ones left
//   out. Each link names the record that asserts it (`record_agency`, `record_id`). Opening a
//   network needs a recorded purpose and is audited.
// access: agreement
// purpose: required
// audit: {action: network_expand, subject: keys}
// params: [keys, rel_types, per_node, visible_agencies, visible_event_types, visible_fields, withheld_text]
UNWIND $keys AS key
CALL (key) {
  MATCH (:Person {person_id: key})<-[:RESOLVES_TO]-(r:PersonRecord) RETURN r
  UNION
  MATCH (r:PersonRecord {record_id: key})
  WHERE NOT EXISTS { (r)-[:RESOLVES_TO]->(:Person) }
  RETURN r
}
MATCH (r)-[rel:LIVES_AT|INVOLVED_IN|ENROLLED_AT|REGISTERED_WITH|RELATED_TO]-(n)
WHERE type(rel) IN $rel_types AND (n:Address OR n:Event OR n:Organisation OR n:PersonRecord)
WITH key, r, rel, n,
     r.source_agency IN $visible_agencies
     AND (NOT n:Event OR (n.source_agency IN $visible_agencies
                      AND [n.category, n.type] IN $visible_event_types))
     AND (NOT n:PersonRecord OR n.source_agency IN $visible_agencies) AS visible
WITH key, collect(CASE WHEN visible THEN {r: r, rel: rel, n: n} END) AS links,
     count(CASE WHEN NOT visible THEN 1 END) AS withheld
UNWIND (CASE WHEN size(links) = 0 THEN [null] ELSE links[..$per_node] END) AS link
WITH key, size(links) AS total, withheld, link.r AS r, link.rel AS rel, link.n AS n
OPTIONAL MATCH (n)-[:RESOLVES_TO]->(np:Person)
WITH key, total, withheld, r, rel, n, np,
     coalesce($visible_fields[n.source_agency], []) AS granted,
     $withheld_text[n.source_agency] AS notice
RETURN key AS from_key, total, withheld, type(rel) AS rel_type,
       rel {.role, .relation, .from, .to,
            source_agency: CASE WHEN rel.source_agency IN $visible_agencies
                                THEN rel.source_agency END,
            source_record_id: CASE WHEN rel.source_agency IN $visible_agencies
                                   THEN rel.source_record_id END} AS rel_props,
       startNode(rel) = r AS outgoing, r.source_agency AS record_agency,
       r.source_record_id AS record_id,
       labels(n) AS labels,
       n {.record_id, .full_name, .forename, .surname, .source_agency, .address_id, .line1,
          .line2, .town, .postcode, .uprn, .org_id, .kind, .code, .name, .event_id, .category,
          .type, .source_record_id, .date, .end_date,
          description: CASE WHEN n.description IS NULL OR 'description' IN granted
                            THEN n.description ELSE notice END,
          outcome: CASE WHEN n.outcome IS NULL OR 'outcome' IN granted
                        THEN n.outcome ELSE notice END} AS props,
       np.person_id AS person_id, np.display_name AS person_name
