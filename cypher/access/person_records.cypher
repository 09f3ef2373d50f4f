// description: A subject's records from visible agencies - identity fields, detail fields the
//   agreement does not grant for that agency replaced by its withheld notice (null stays null)
//   and named in `withheld_fields` (so the page can say which field is withheld),
//   provenance (agency, its record id, load run) and the entity-resolution link that ties the
//   record to the Person (probability, method, evidence JSON). Opening a profile needs a
//   recorded purpose; it is audited.
// access: agreement
// purpose: required
// audit: {action: person_view, subject: key}
// params: [key, visible_agencies, visible_fields, withheld_text]
CALL () {
  MATCH (:Person {person_id: $key})<-[rt:RESOLVES_TO]-(r:PersonRecord) RETURN r, rt
  UNION
  MATCH (r:PersonRecord {record_id: $key})
  WHERE NOT EXISTS { (r)-[:RESOLVES_TO]->(:Person) }
  RETURN r, null AS rt
}
WITH r, rt WHERE r.source_agency IN $visible_agencies
WITH r, rt, coalesce($visible_fields[r.source_agency], []) AS granted,
     $withheld_text[r.source_agency] AS notice
RETURN r.record_id AS record_id, r.source_agency AS agency, r.source_record_id AS source_record_id,
       head(COLLECT { MATCH (r)-[:RECORDED_BY]->(a:Agency) RETURN a.name }) AS agency_name,
       r.load_run_id AS load_run_id, toString(r.loaded_at) AS loaded_at,
       r.full_name AS full_name, r.forename AS forename, r.middle_names AS middle_names,
       r.surname AS surname,
       toString(r.dob) AS dob, r.sex AS sex, r.postcode AS postcode,
       CASE WHEN r.aliases IS NULL OR 'aliases' IN granted THEN r.aliases ELSE notice END
         AS aliases,
       CASE WHEN r.nhs_number IS NULL OR 'nhs_number' IN granted THEN r.nhs_number ELSE notice END
         AS nhs_number,
       CASE WHEN r.ni_number IS NULL OR 'ni_number' IN granted THEN r.ni_number ELSE notice END
         AS ni_number,
       CASE WHEN r.upn IS NULL OR 'upn' IN granted THEN r.upn ELSE notice END AS upn,
       CASE WHEN r.phone IS NULL OR 'phone' IN granted THEN r.phone ELSE notice END AS phone,
       [f IN ['aliases', 'nhs_number', 'ni_number', 'upn', 'phone']
        WHERE r[f] IS NOT NULL AND NOT f IN granted] AS withheld_fields,
       rt.probability AS probability, rt.method AS method, rt.evidence AS evidence
ORDER BY agency, record_id
