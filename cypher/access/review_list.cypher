// description: Entity-resolution review pairs the viewer may see, most probable first, both
//   records side by side with every identifying field a reviewer needs to rule out twins -
//   names, date of birth, sex, postcode, agency and the agency's own record id (always shown
//   for a visible record), the identifiers (NHS, NI, UPN, phone, aliases) only where the
//   agreement grants that field for that agency (otherwise null and named in
//   `withheld_fields`, never the value), the record's addresses and who else lives there
//   (visible records only), and the open flags of the person it resolves to (a flag only when
//   every record and event evidencing it is visible). A pair is shown only when both records'
//   agencies (kept on the pair as agency_a / agency_b) are visible under the agreement; the
//   others are counted in `withheld`. One row of pairs, withheld and shown_ids (the records
//   and people shown, household members included, for the audit). Audited, as this is
//   personal data.
// access: agreement
// audit: {action: review_list, terms: [status], subjects_from: shown_ids, count_from: pairs}
// params: [status, limit, visible_agencies, visible_event_types, visible_fields]
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
  CALL (q) {
    UNWIND [['a', q.record_a], ['b', q.record_b]] AS side
    MATCH (r:PersonRecord {record_id: side[1]})
    OPTIONAL MATCH (r)-[:RESOLVES_TO]->(p:Person)
    WITH side, r, p, coalesce($visible_fields[r.source_agency], []) AS granted
    WITH side, r, p, granted, COLLECT {
        MATCH (r)-[l:LIVES_AT]->(ad:Address)
        WHERE coalesce(l.source_agency, r.source_agency) IN $visible_agencies
        RETURN {address_id: ad.address_id, postcode: ad.postcode,
                address: trim(coalesce(ad.line1, '') + ', ' + coalesce(ad.town, '')),
                from: toString(l.from), to: toString(l.to)} AS stay
        ORDER BY stay.from DESC
    } AS addresses, COLLECT {
        MATCH (r)-[l1:LIVES_AT]->(ad:Address)<-[l2:LIVES_AT]-(r2:PersonRecord)
        WHERE r2 <> r AND r2.source_agency IN $visible_agencies
          AND coalesce(l1.source_agency, r.source_agency) IN $visible_agencies
          AND coalesce(l2.source_agency, r2.source_agency) IN $visible_agencies
          AND (p IS NULL OR NOT (r2)-[:RESOLVES_TO]->(p))
        OPTIONAL MATCH (r2)-[:RESOLVES_TO]->(m:Person)
        WITH coalesce(m.person_id, r2.record_id) AS member, r2, m
        ORDER BY coalesce(r2.full_name = m.display_name, false) DESC, r2.record_id
        WITH member, head(collect(r2)) AS v
        RETURN {member: member, dob: toString(v.dob), sex: v.sex,
                name: coalesce(v.full_name, trim(coalesce(v.forename, '') + ' ' +
                                                 coalesce(v.surname, '')))} AS mate
        ORDER BY mate.name, mate.member
    } AS household, CASE WHEN p IS NULL THEN [] ELSE COLLECT {
        MATCH (f:Flag {person_id: p.person_id})
        WHERE f.current AND f.status IN ['new', 'in_review']
          AND ALL(n IN COLLECT { MATCH (f)-[:EVIDENCED_BY]->(n) RETURN n } WHERE
                  n.source_agency IN $visible_agencies
                  AND (NOT n:Event OR [n.category, n.type] IN $visible_event_types))
        RETURN f {.flag_id, .pattern_id, .title, .severity, .status, .summary} AS flag
        ORDER BY flag.flag_id
    } END AS flags
    RETURN collect([side[0], r {
      .record_id, .source_agency, .source_record_id, .forename, .middle_names, .surname,
      .full_name, .sex, .postcode, dob: toString(r.dob),
      person_id: p.person_id, person_name: p.display_name,
      nhs_number: CASE WHEN 'nhs_number' IN granted THEN r.nhs_number END,
      ni_number: CASE WHEN 'ni_number' IN granted THEN r.ni_number END,
      upn: CASE WHEN 'upn' IN granted THEN r.upn END,
      phone: CASE WHEN 'phone' IN granted THEN r.phone END,
      aliases: CASE WHEN 'aliases' IN granted THEN r.aliases END,
      withheld_fields: [f IN ['nhs_number', 'ni_number', 'upn', 'phone', 'aliases']
                        WHERE r[f] IS NOT NULL AND NOT f IN granted],
      addresses: addresses, household: household, flags: flags
    }]) AS sides
  }
  WITH q, sides ORDER BY q.probability DESC, q.pair_id
  RETURN collect(q {
           .pair_id, .probability, .evidence, .status, .decision, .reason, .decided_by, .note,
           decided_at: toString(q.decided_at),
           a: head([s IN sides WHERE s[0] = 'a' | s[1]]),
           b: head([s IN sides WHERE s[0] = 'b' | s[1]])
         }) AS pairs
}
RETURN pairs, withheld,
       reduce(ids = [], p IN pairs |
         ids + [x IN [p.a.record_id, p.a.person_id, p.b.record_id, p.b.person_id]
                     + [m IN p.a.household | m.member] + [m IN p.b.household | m.member]
                WHERE x IS NOT NULL]) AS shown_ids
