// description: Write PersonRecords (and their addresses) from plain rows - for tests and the
//   speed benchmark, which run before or without the agency loaders. Same keys and provenance
//   properties the loaders write; a row's address_line_2 / place / match_ids (a map of
//   match_id_<name> -> value) become the match_* properties a mapping's `resolution` block writes.
// params: [rows, load_run_id]
UNWIND $rows AS row
MERGE (r:PersonRecord {record_id: row.record_id})
SET r.source_agency = row.source_agency, r.source_record_id = row.source_record_id,
    r.forename = row.forename, r.middle_names = row.middle_names, r.surname = row.surname,
    r.full_name = trim(coalesce(row.forename, '') + ' ' + coalesce(row.surname, '')),
    r.aliases = row.aliases,
    r.dob = CASE WHEN row.dob IS NULL THEN null ELSE date(row.dob) END, r.sex = row.sex,
    r.nhs_number = row.nhs_number, r.ni_number = row.ni_number, r.upn = row.upn,
    r.postcode = row.postcode, r.match_address_line_2 = row.address_line_2,
    r.match_town = row.place, r += coalesce(row.match_ids, {}), r.load_run_id = $load_run_id,
    r.loaded_at = datetime()
WITH r, row WHERE row.address IS NOT NULL
MERGE (a:Address {address_id: row.address_id})
ON CREATE SET a.line1 = row.address, a.postcode = row.postcode,
    a.source_agency = row.source_agency, a.source_record_id = row.source_record_id,
    a.load_run_id = $load_run_id, a.loaded_at = datetime()
MERGE (r)-[l:LIVES_AT]->(a)
SET l.source_agency = row.source_agency, l.source_record_id = row.source_record_id,
    l.load_run_id = $load_run_id, l.loaded_at = datetime()
