// description: A subject's records from visible agencies, with detail fields the agreement does
//   not grant for that agency replaced by its withheld notice (null stays null), and the
//   entity-resolution link. Opening a profile needs a recorded purpose; it is audited.
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
       coalesce(r.full_name, trim(coalesce(r.forename, '') + ' ' + coalesce(r.surname, '')))
         AS full_name,
       toString(r.dob) AS dob, r.sex AS sex, r.postcode AS postcode,
       CASE WHEN r.aliases IS NULL OR 'aliases' IN granted THEN r.aliases ELSE notice END
         AS aliases,
       CASE WHEN r.nhs_number IS NULL OR 'nhs_number' IN granted THEN r.nhs_number ELSE notice END
         AS nhs_number,
       CASE WHEN r.ni_number IS NULL OR 'ni_number' IN granted THEN r.ni_number ELSE notice END
         AS ni_number,
       CASE WHEN r.upn IS NULL OR 'upn' IN granted THEN r.upn ELSE notice END AS upn,
       CASE WHEN r.phone IS NULL OR 'phone' IN granted THEN r.phone ELSE notice END AS phone,
       rt.probability AS probability, rt.method AS method
ORDER BY agency, record_id
