// description: The detail of some events for the viewer - description, outcome and the agency's
//   narrative notes (each replaced by the agency's withheld notice unless the agreement grants
//   it) and the load run that brought the event - for evidence shown with a flag or a pattern
//   result. Events of agencies or types the agreement does not show are left out. Read alongside
//   the flag or result read, which is the audited one.
// access: agreement
// params: [event_ids, visible_agencies, visible_event_types, visible_fields, withheld_text]
UNWIND $event_ids AS id
MATCH (e:Event {event_id: id})
WHERE e.source_agency IN $visible_agencies AND [e.category, e.type] IN $visible_event_types
WITH e, coalesce($visible_fields[e.source_agency], []) AS granted,
     $withheld_text[e.source_agency] AS notice
RETURN e.event_id AS event_id, e.load_run_id AS load_run_id,
       CASE WHEN e.description IS NULL OR 'description' IN granted THEN e.description
            ELSE notice END AS description,
       CASE WHEN e.outcome IS NULL OR 'outcome' IN granted THEN e.outcome ELSE notice END
         AS outcome,
       CASE WHEN e.notes IS NULL OR 'notes' IN granted THEN e.notes ELSE notice END AS notes
