// description: One breadth-first step of an ego network over resolved entities. From people
//   (via their records) to their events, addresses, organisations and recorded relatives; from
//   events to the people involved and where it happened; from addresses to the people living
//   there and events there. Organisations are never expanded (a school or GP practice would pull
//   in thousands). At most $cap neighbours per node, lowest ids first, so output is stable.
//   Returns stable ids only (never element ids). Under the agreement only visible records
//   (their agency) and visible events (agency and event type) are followed; the system
//   identity passes every agency and type. A person reached is named (and dated, sexed) from
//   their VISIBLE records only, never from another agency's record the viewer may not see.
// access: agreement
// purpose: required
// params: [person_ids, event_ids, address_ids, cap, visible_agencies, visible_event_types]
CALL () {
  UNWIND $person_ids AS pid
  CALL (pid) {
    MATCH (:Person {person_id: pid})<-[:RESOLVES_TO]-(r:PersonRecord)
          -[rel:INVOLVED_IN|LIVES_AT|ENROLLED_AT|REGISTERED_WITH]->(x)
    WHERE r.source_agency IN $visible_agencies
      AND (NOT x:Event OR (x.source_agency IN $visible_agencies
                           AND [x.category, x.type] IN $visible_event_types))
    RETURN pid AS from_id, coalesce(x.event_id, x.address_id, x.org_id) AS to_id,
           CASE WHEN x:Event THEN 'event' WHEN x:Address THEN 'address' ELSE 'organisation' END
             AS to_kind,
           x {.category, .type, .date, .postcode, .line1, .kind, .name} AS to_props,
           type(rel) AS rel_type, coalesce(rel.role, rel.relation) AS role,
           r.source_agency AS agency, r.source_record_id AS record_id
    ORDER BY to_id LIMIT $cap
    UNION
    MATCH (:Person {person_id: pid})<-[:RESOLVES_TO]-(r:PersonRecord)-[rel:RELATED_TO]-(o:PersonRecord)
          -[:RESOLVES_TO]->(q:Person)
    WHERE q.person_id <> pid AND r.source_agency IN $visible_agencies
      AND o.source_agency IN $visible_agencies
    WITH *, COLLECT { MATCH (x:PersonRecord)-[:RESOLVES_TO]->(q)
                         WHERE x.source_agency IN $visible_agencies RETURN x ORDER BY x.record_id }
         AS shown
    RETURN pid AS from_id, q.person_id AS to_id, 'person' AS to_kind,
           {display_name: coalesce(head([x IN shown WHERE x.full_name = q.display_name | x.full_name]),
                           head([x IN shown WHERE x.full_name IS NOT NULL | x.full_name])),
            dob: head([x IN shown WHERE x.dob IS NOT NULL | x.dob]),
            sex: head([x IN shown WHERE x.sex IS NOT NULL | x.sex])} AS to_props, 'RELATED_TO' AS rel_type,
           rel.relation AS role, r.source_agency AS agency, r.source_record_id AS record_id
    ORDER BY to_id LIMIT $cap
  }
  RETURN from_id, to_id, to_kind, to_props, rel_type, role, agency, record_id
  UNION ALL
  UNWIND $event_ids AS eid
  CALL (eid) {
    MATCH (e:Event {event_id: eid})<-[rel:INVOLVED_IN]-(r:PersonRecord)-[:RESOLVES_TO]->(q:Person)
    WHERE r.source_agency IN $visible_agencies AND e.source_agency IN $visible_agencies
      AND [e.category, e.type] IN $visible_event_types
    WITH *, COLLECT { MATCH (x:PersonRecord)-[:RESOLVES_TO]->(q)
                         WHERE x.source_agency IN $visible_agencies RETURN x ORDER BY x.record_id }
         AS shown
    RETURN eid AS from_id, q.person_id AS to_id, 'person' AS to_kind,
           {display_name: coalesce(head([x IN shown WHERE x.full_name = q.display_name | x.full_name]),
                           head([x IN shown WHERE x.full_name IS NOT NULL | x.full_name])),
            dob: head([x IN shown WHERE x.dob IS NOT NULL | x.dob]),
            sex: head([x IN shown WHERE x.sex IS NOT NULL | x.sex])} AS to_props, 'INVOLVED_IN' AS rel_type,
           rel.role AS role, r.source_agency AS agency, r.source_record_id AS record_id
    ORDER BY to_id LIMIT $cap
    UNION
    MATCH (e:Event {event_id: eid})-[:OCCURRED_AT]->(x)
    WHERE e.source_agency IN $visible_agencies AND [e.category, e.type] IN $visible_event_types
    RETURN eid AS from_id, coalesce(x.address_id, x.org_id) AS to_id,
           CASE WHEN x:Address THEN 'address' ELSE 'organisation' END AS to_kind,
           x {.postcode, .line1, .kind, .name} AS to_props, 'OCCURRED_AT' AS rel_type,
           null AS role, e.source_agency AS agency, e.source_record_id AS record_id
  }
  RETURN from_id, to_id, to_kind, to_props, rel_type, role, agency, record_id
  UNION ALL
  UNWIND $address_ids AS aid
  CALL (aid) {
    MATCH (:Address {address_id: aid})<-[rel:LIVES_AT]-(r:PersonRecord)-[:RESOLVES_TO]->(q:Person)
    WHERE r.source_agency IN $visible_agencies
    WITH *, COLLECT { MATCH (x:PersonRecord)-[:RESOLVES_TO]->(q)
                         WHERE x.source_agency IN $visible_agencies RETURN x ORDER BY x.record_id }
         AS shown
    RETURN aid AS from_id, q.person_id AS to_id, 'person' AS to_kind,
           {display_name: coalesce(head([x IN shown WHERE x.full_name = q.display_name | x.full_name]),
                           head([x IN shown WHERE x.full_name IS NOT NULL | x.full_name])),
            dob: head([x IN shown WHERE x.dob IS NOT NULL | x.dob]),
            sex: head([x IN shown WHERE x.sex IS NOT NULL | x.sex])} AS to_props, 'LIVES_AT' AS rel_type,
           null AS role, r.source_agency AS agency, r.source_record_id AS record_id
    ORDER BY to_id LIMIT $cap
    UNION
    MATCH (:Address {address_id: aid})<-[:OCCURRED_AT]-(e:Event)
    WHERE e.source_agency IN $visible_agencies AND [e.category, e.type] IN $visible_event_types
    RETURN aid AS from_id, e.event_id AS to_id, 'event' AS to_kind,
           e {.category, .type, .date} AS to_props, 'OCCURRED_AT' AS rel_type,
           null AS role, e.source_agency AS agency, e.source_record_id AS record_id
    ORDER BY to_id LIMIT $cap
  }
  RETURN from_id, to_id, to_kind, to_props, rel_type, role, agency, record_id
}
RETURN from_id, to_id, to_kind, to_props, rel_type, role, agency, record_id
