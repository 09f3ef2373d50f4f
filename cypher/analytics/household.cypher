// description: A person's household on as_of - people whose records share an address open on
//   that date with the person's records, and recorded relatives - with how each is linked.
//   Only records visible under the agreement link anyone (the system passes every agency), and
//   a member is named from their visible records only.
// access: agreement
// purpose: required
// params: [person_id, as_of, visible_agencies]
MATCH (p:Person {person_id: $person_id})
CALL (p) {
  MATCH (p)<-[:RESOLVES_TO]-(r1:PersonRecord)-[l1:LIVES_AT]->(a:Address)<-[l2:LIVES_AT]-(r2:PersonRecord)
        -[:RESOLVES_TO]->(m:Person)
  WHERE m <> p AND r1.source_agency IN $visible_agencies AND r2.source_agency IN $visible_agencies
    AND (l1.from IS NULL OR l1.from <= $as_of) AND (l1.to IS NULL OR l1.to >= $as_of)
    AND (l2.from IS NULL OR l2.from <= $as_of) AND (l2.to IS NULL OR l2.to >= $as_of)
  RETURN m, 'same_address' AS link, a.address_id AS via
  UNION
  MATCH (p)<-[:RESOLVES_TO]-(r1:PersonRecord)-[rel:RELATED_TO]-(r2:PersonRecord)-[:RESOLVES_TO]->(m:Person)
  WHERE m <> p AND r1.source_agency IN $visible_agencies AND r2.source_agency IN $visible_agencies
  RETURN m, coalesce(rel.relation, 'related') AS link, null AS via
}
WITH p, m, collect(DISTINCT link) AS links, collect(DISTINCT via) AS via,
     COLLECT { MATCH (x:PersonRecord)-[:RESOLVES_TO]->(m)
               WHERE x.source_agency IN $visible_agencies RETURN x ORDER BY x.record_id } AS shown
RETURN p.person_id AS person_id, m.person_id AS member_id,
       {display_name: coalesce(head([x IN shown WHERE x.full_name = m.display_name | x.full_name]),
                               head([x IN shown WHERE x.full_name IS NOT NULL | x.full_name])),
        dob: head([x IN shown WHERE x.dob IS NOT NULL | x.dob])} AS member_props,
       links, via
