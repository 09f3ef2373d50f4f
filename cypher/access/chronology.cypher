// description: The multi-agency chronology of some people (a person, a household, a person and
//   the records that may be them) - every event of their records that the agreement shows, in
//   date order, each with the agency, the agency's own record id, the load run that brought
//   it, who was involved and in what role, where, and its description, outcome and narrative
//   notes (each replaced by the agency's withheld notice unless the agreement grants it), a
//   school's attendance sessions (possible, authorised and unauthorised absence; only where the
//   agreement grants that agency's description, as on the profile); and, per agency, how many
//   of their events the agreement withholds. A key may also be a record that entity
//   resolution has not linked to a person. Needs a recorded purpose; audited once.
// access: agreement
// purpose: required
// audit: {action: chronology_view, subject: person_ids, count_from: entries}
// params: [person_ids, visible_agencies, visible_event_types, visible_fields, withheld_text]
CALL () {
  UNWIND $person_ids AS key
  MATCH (p:Person {person_id: key})<-[:RESOLVES_TO]-(r:PersonRecord)-[inv:INVOLVED_IN]->(e:Event)
  RETURN key, p.display_name AS name, r, inv, e
  UNION
  UNWIND $person_ids AS key
  MATCH (r:PersonRecord {record_id: key})-[inv:INVOLVED_IN]->(e:Event)
  WHERE NOT EXISTS { (r)-[:RESOLVES_TO]->(:Person) }
  RETURN key, r.full_name AS name, r, inv, e
}
WITH e, key, name, inv.role AS role,
     r.source_agency IN $visible_agencies AND e.source_agency IN $visible_agencies
       AND [e.category, e.type] IN $visible_event_types AS visible
WITH e, collect(visible) AS seen,
     collect(DISTINCT CASE WHEN visible THEN {person_id: key, name: name, role: role} END) AS people
WITH e, any(v IN seen WHERE v) AS visible, people
WITH collect(CASE WHEN visible THEN {e: e, people: people} END) AS shown,
     collect(CASE WHEN NOT visible THEN e.source_agency END) AS hidden
WITH shown, hidden,
     [a IN reduce(s = [], x IN hidden | CASE WHEN x IN s THEN s ELSE s + x END) |
       {agency: a, events: size([x IN hidden WHERE x = a])}] AS withheld_by_agency
UNWIND (CASE WHEN size(shown) = 0 THEN [null] ELSE shown END) AS item
WITH item.e AS e, item.people AS people, hidden, withheld_by_agency
WITH e, people, hidden, withheld_by_agency,
     coalesce($visible_fields[e.source_agency], []) AS granted,
     $withheld_text[e.source_agency] AS notice
ORDER BY e.date, e.event_id
WITH collect(CASE WHEN e IS NOT NULL THEN {
         event_id: e.event_id, date: toString(e.date), end_date: toString(e.end_date),
         category: e.category, type: e.type, agency: e.source_agency,
         source_record_id: e.source_record_id, load_run_id: e.load_run_id,
         loaded_at: toString(e.loaded_at), episode_key: e.episode_key, people: people,
         place: head(COLLECT { MATCH (e)-[:OCCURRED_AT]->(place)
                               RETURN coalesce(place.name, place.line1 + ', ' + place.postcode) }),
         description: CASE WHEN e.description IS NULL OR 'description' IN granted
                           THEN e.description ELSE notice END,
         outcome: CASE WHEN e.outcome IS NULL OR 'outcome' IN granted THEN e.outcome
                       ELSE notice END,
         notes: CASE WHEN e.notes IS NULL OR 'notes' IN granted THEN e.notes ELSE notice END,
         withheld_fields: [f IN ['description', 'outcome', 'notes']
                           WHERE e[f] IS NOT NULL AND NOT f IN granted],
         sessions: CASE WHEN e.sessions_possible IS NOT NULL AND 'description' IN granted
                        THEN {possible: e.sessions_possible, authorised: e.sessions_authorised,
                              unauthorised: e.sessions_unauthorised} END
       } END) AS entries, withheld_by_agency, size(hidden) AS withheld
RETURN entries, withheld_by_agency, withheld
