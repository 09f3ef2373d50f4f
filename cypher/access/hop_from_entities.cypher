// description: One hop of the person-level network from addresses, events and organisations under
//   the agreement - over $rel_types, the visible records linked to each (with the Person they
//   resolve to, if any) and the places and visible events linked by OCCURRED_AT; an event the
//   viewer may not see opens nothing. At most $per_node links per key (limited before records
//   are resolved to people, so a busy GP practice stays cheap); `total` counts the visible
//   links, `withheld` the ones left out. An address or organisation of more than $hub_degree
//   visible links (a hub; null - no hubs) returns only its counts row, no links (the explorer
//   draws a hub but does not grow through it, so fetching its links was wasted); such a row
//   says `hub` (the one place the hub rule lives). Each link
//   names the record or event that asserts it (`record_agency`, `record_id`). Detail fields
//   are masked as on the profile. Needs a recorded purpose; audited.
// access: agreement
// purpose: required
// audit: {action: network_expand, subject: keys}
// params: [keys, rel_types, per_node, hub_degree, visible_agencies, visible_event_types, visible_fields, withheld_text]
UNWIND $keys AS key
CALL (key) {
  MATCH (n:Address {address_id: key}) RETURN n
  UNION
  MATCH (n:Event {event_id: key})
  WHERE n.source_agency IN $visible_agencies AND [n.category, n.type] IN $visible_event_types
  RETURN n
  UNION
  MATCH (n:Organisation {org_id: key}) RETURN n
}
WITH key, n, 'OCCURRED_AT' IN $rel_types AS places
WITH key, n, places,
     COUNT { (n)<-[x:LIVES_AT|INVOLVED_IN|ENROLLED_AT|REGISTERED_WITH]-(m:PersonRecord)
             WHERE type(x) IN $rel_types AND m.source_agency IN $visible_agencies }
     + COUNT { (n)-[:OCCURRED_AT]-(m)
               WHERE places AND (m:Address OR m:Organisation
                  OR (m:Event AND m.source_agency IN $visible_agencies
                      AND [m.category, m.type] IN $visible_event_types)) } AS total,
     // all links, visible or not, from the degree store (no neighbour read): loaders write
     // these types only between the labels of loaders/mapping.py RELATIONSHIPS (a
     // PersonRecord at the far end of the first four; tests/unit/test_queries.py checks it)
     CASE WHEN 'LIVES_AT' IN $rel_types THEN COUNT { (n)<-[:LIVES_AT]-() } ELSE 0 END
     + CASE WHEN 'INVOLVED_IN' IN $rel_types THEN COUNT { (n)<-[:INVOLVED_IN]-() } ELSE 0 END
     + CASE WHEN 'ENROLLED_AT' IN $rel_types THEN COUNT { (n)<-[:ENROLLED_AT]-() } ELSE 0 END
     + CASE WHEN 'REGISTERED_WITH' IN $rel_types
            THEN COUNT { (n)<-[:REGISTERED_WITH]-() } ELSE 0 END
     + CASE WHEN places THEN COUNT { (n)-[:OCCURRED_AT]-() } ELSE 0 END AS links
WITH key, n, places, total, links,
     $hub_degree IS NULL OR total <= $hub_degree OR NOT (n:Address OR n:Organisation) AS fetch
OPTIONAL CALL (n, places, fetch) {
  CALL (n, places, fetch) {
    MATCH (n)<-[rel:LIVES_AT|INVOLVED_IN|ENROLLED_AT|REGISTERED_WITH]-(m:PersonRecord)
    WHERE fetch AND type(rel) IN $rel_types AND m.source_agency IN $visible_agencies
    RETURN rel, m LIMIT $per_node
    UNION ALL
    MATCH (n)-[rel:OCCURRED_AT]-(m)
    WHERE fetch AND places AND (m:Address OR m:Organisation
       OR (m:Event AND m.source_agency IN $visible_agencies
           AND [m.category, m.type] IN $visible_event_types))
    RETURN rel, m LIMIT $per_node
  }
  RETURN rel, m LIMIT $per_node
}
// resolve records to people only after the limit: a busy GP practice has thousands of links
OPTIONAL MATCH (m:PersonRecord)-[:RESOLVES_TO]->(mp:Person)
WITH key, n, fetch, total, links - total AS withheld, rel, m, mp,
     coalesce($visible_fields[m.source_agency], []) AS granted,
     $withheld_text[m.source_agency] AS notice,
     CASE WHEN m:PersonRecord OR m:Event THEN m ELSE n END AS asserting
RETURN key AS from_key, total, withheld, NOT fetch AS hub, type(rel) AS rel_type,
       rel {.role, .relation, .from, .to,
            source_agency: CASE WHEN rel.source_agency IN $visible_agencies
                                THEN rel.source_agency END,
            source_record_id: CASE WHEN rel.source_agency IN $visible_agencies
                                   THEN rel.source_record_id END} AS rel_props,
       startNode(rel) = n AS outgoing,
       CASE WHEN rel IS NOT NULL THEN asserting.source_agency END AS record_agency,
       CASE WHEN rel IS NOT NULL THEN asserting.source_record_id END AS record_id,
       labels(m) AS labels,
       m {.record_id, .full_name, .forename, .surname, .source_agency, .address_id, .line1,
          .line2, .town, .postcode, .uprn, .org_id, .kind, .code, .name, .event_id, .category,
          .type, .source_record_id, .date, .end_date,
          description: CASE WHEN m.description IS NULL OR 'description' IN granted
                            THEN m.description ELSE notice END,
          outcome: CASE WHEN m.outcome IS NULL OR 'outcome' IN granted
                        THEN m.outcome ELSE notice END} AS props,
       mp.person_id AS person_id, mp.display_name AS person_name
