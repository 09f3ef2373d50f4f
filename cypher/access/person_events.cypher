// description: A subject's timeline limited to visible agencies and event types; description and
//   outcome are replaced by the agency's withheld notice unless the agreement grants them.
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
WITH e, collect(DISTINCT inv.role) AS roles,
     coalesce($visible_fields[e.source_agency], []) AS granted,
     $withheld_text[e.source_agency] AS notice
RETURN e.event_id AS event_id, e.category AS category, e.type AS type,
       toString(e.date) AS date, e.source_agency AS agency, roles,
       CASE WHEN e.description IS NULL OR 'description' IN granted THEN e.description
            ELSE notice END AS description,
       CASE WHEN e.outcome IS NULL OR 'outcome' IN granted THEN e.outcome ELSE notice END
         AS outcome
ORDER BY date, event_id
