// description: Warm-up (read only) - scan the PersonRecord range indexes the searches, the
//   loaders and resolution seek (unique record id, surname, date of birth, postcode, identifiers,
//   agency), each whole, so their pages are cached. Returns the entries read per index.
// params: []
CALL () { MATCH (n:PersonRecord) USING INDEX n:PersonRecord(record_id)
          WHERE n.record_id IS NOT NULL RETURN count(*) AS record_id }
CALL () { MATCH (n:PersonRecord) USING INDEX n:PersonRecord(surname)
          WHERE n.surname IS NOT NULL RETURN count(*) AS surname }
CALL () { MATCH (n:PersonRecord) USING INDEX n:PersonRecord(dob)
          WHERE n.dob IS NOT NULL RETURN count(*) AS dob }
CALL () { MATCH (n:PersonRecord) USING INDEX n:PersonRecord(postcode)
          WHERE n.postcode IS NOT NULL RETURN count(*) AS postcode }
CALL () { MATCH (n:PersonRecord) USING INDEX n:PersonRecord(nhs_number)
          WHERE n.nhs_number IS NOT NULL RETURN count(*) AS nhs_number }
CALL () { MATCH (n:PersonRecord) USING INDEX n:PersonRecord(ni_number)
          WHERE n.ni_number IS NOT NULL RETURN count(*) AS ni_number }
CALL () { MATCH (n:PersonRecord) USING INDEX n:PersonRecord(upn)
          WHERE n.upn IS NOT NULL RETURN count(*) AS upn }
CALL () { MATCH (n:PersonRecord) USING INDEX n:PersonRecord(source_agency)
          WHERE n.source_agency IS NOT NULL RETURN count(*) AS source_agency }
RETURN record_id, surname, dob, postcode, nhs_number, ni_number, upn, source_agency
