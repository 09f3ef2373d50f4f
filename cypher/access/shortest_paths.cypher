// description: All shortest paths (up to 12 record-level hops) between two subjects ($keys, a
//   Person id or unresolved record id each) under the agreement - every record and event on a
//   path must be visible (a path through a withheld record is not a path the viewer may see),
//   using only the relationship types given. Each node comes with the Person its record
//   resolves to, so the app can draw the path at person level; detail fields are masked as on
//   the profile; a link names the agency record behind it only when that agency is visible.
//   With $hub_degree (else null) no path goes through an organisation of more links than that
//   (a GP practice or a school - a hub says little about two people); each organisation on a
//   path comes with its number of links (`degree`) so the app can tell paths through a hub.
//   Needs a recorded purpose; audited.
// access: agreement
// purpose: required
// audit: {action: connections, subject: keys, terms: [rel_types, hub_degree]}
// params: [keys, rel_types, limit, hub_degree, visible_agencies, visible_event_types, visible_fields, withheld_text]
CALL () {
  MATCH (s:Person {person_id: $keys[0]}) RETURN s
  UNION
  MATCH (s:PersonRecord {record_id: $keys[0]}) WHERE s.source_agency IN $visible_agencies
  RETURN s
}
CALL () {
  MATCH (t:Person {person_id: $keys[1]}) RETURN t
  UNION
  MATCH (t:PersonRecord {record_id: $keys[1]}) WHERE t.source_agency IN $visible_agencies
  RETURN t
}
MATCH p = allShortestPaths(
  (s)-[:LIVES_AT|INVOLVED_IN|RELATED_TO|ENROLLED_AT|REGISTERED_WITH|RESOLVES_TO|OCCURRED_AT*..12]-(t))
WHERE s <> t AND all(rel IN relationships(p) WHERE type(rel) IN $rel_types)
  AND all(n IN nodes(p) WHERE (NOT n:PersonRecord OR n.source_agency IN $visible_agencies)
          AND (NOT n:Event OR (n.source_agency IN $visible_agencies
                               AND [n.category, n.type] IN $visible_event_types)))
  AND ($hub_degree IS NULL
       OR none(n IN nodes(p) WHERE n:Organisation AND COUNT { (n)--() } > $hub_degree))
WITH p LIMIT $limit
WITH nodes(p) AS ns, relationships(p) AS rs
RETURN [n IN ns | {labels: labels(n),
          props: n {.person_id, .display_name, .record_id, .full_name, .forename, .surname,
                    .source_agency, .address_id, .line1, .line2, .town, .postcode, .uprn,
                    .org_id, .kind, .code, .name, .event_id, .category, .type,
                    .source_record_id, .date, .end_date,
                    description: CASE WHEN n.description IS NULL OR 'description' IN
                                   coalesce($visible_fields[n.source_agency], [])
                                 THEN n.description ELSE $withheld_text[n.source_agency] END,
                    outcome: CASE WHEN n.outcome IS NULL OR 'outcome' IN
                               coalesce($visible_fields[n.source_agency], [])
                             THEN n.outcome ELSE $withheld_text[n.source_agency] END},
          degree: CASE WHEN n:Organisation THEN COUNT { (n)--() } END,
          person_id: head(COLLECT { MATCH (n)-[:RESOLVES_TO]->(q:Person) RETURN q.person_id }),
          person_name: head(COLLECT { MATCH (n)-[:RESOLVES_TO]->(q:Person)
                                      RETURN q.display_name })}] AS nodes,
       [i IN range(0, size(rs) - 1) | {type: type(rs[i]), forward: startNode(rs[i]) = ns[i],
          props: {role: rs[i].role, relation: rs[i].relation, from: rs[i].from, to: rs[i].to,
                  source_agency: CASE WHEN rs[i].source_agency IN $visible_agencies
                                      THEN rs[i].source_agency END,
                  source_record_id: CASE WHEN rs[i].source_agency IN $visible_agencies
                                         THEN rs[i].source_record_id END}}] AS rels
