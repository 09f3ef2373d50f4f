// description: A subject's timeline limited to visible agencies and event types - the role, the
//   agency's own record id, the load run that brought it, and where it happened; description,
//   outcome and notes (narrative free text) are replaced by the agency's withheld notice unless
//   the agreement grants them (and named in `withheld_fields`). A school's attendance sessions
//   (possible, authorised and unauthorised absence) come only where the agreement grants that
//   agency's description. Needs a recorded purpose.
// access: agreement
// purpose: required
// params: [key, visible_agencies, visible_event_types, visible_fields, withheld_text]
CALL () {
  MATCH (:Person {person_id: $key})<-[:RESOLVES_TO]-(r:PersonRecord) RETURN r
  UNION
  MATCH (r:PersonRecord {record_id: $key})
  WHERE NOT EXISTS { (r)-[:RESOLVES_TO]->(:Person) }
  RETURN r
}
MATCH (r)-[inv:INVOLVED_IN]->(e:Event)
WHERE r.source_agency IN $visible_agencies AND e.source_agency IN $visible_agencies
  AND [e.category, e.type] IN $visible_event_types
WITH e, collect(DISTINCT inv.role) AS roles, collect(DISTINCT r.record_id) AS record_ids,
     coalesce($visible_fields[e.source_agency], []) AS granted,
     $withheld_text[e.source_agency] AS notice
RETURN e.event_id AS event_id, e.category AS category, e.type AS type,
       toString(e.date) AS date, toString(e.end_date) AS end_date,
       e.source_agency AS agency, e.source_record_id AS source_record_id, roles, record_ids,
       CASE WHEN e.description IS NULL OR 'description' IN granted THEN e.description
            ELSE notice END AS description,
       CASE WHEN e.outcome IS NULL OR 'outcome' IN granted THEN e.outcome ELSE notice END
         AS outcome,
       CASE WHEN e.notes IS NULL OR 'notes' IN granted THEN e.notes ELSE notice END AS notes,
       [f IN ['description', 'outcome', 'notes'] WHERE e[f] IS NOT NULL AND NOT f IN granted]
         AS withheld_fields,
       CASE WHEN e.sessions_possible IS NOT NULL AND 'description' IN granted
            THEN {possible: e.sessions_possible, authorised: e.sessions_authorised,
                  unauthorised: e.sessions_unauthorised} END AS sessions,
       e.load_run_id AS load_run_id,
       head(COLLECT { MATCH (e)-[:OCCURRED_AT]->(place)
                      RETURN coalesce(place.name, place.line1 + ', ' + place.postcode) }) AS place
ORDER BY date, event_id
