// description: One page of PersonRecords with what resolution compares (current address) and
//   the person each record resolves to now - the record_id range ($after, $last], bounds
//   from resolution/record_bounds (a range seek on the record_id index). Extra evidence a
//   mapping declares (its `resolution` block, loaders/mapping.py) arrives as match_*
//   properties - the town or locality (else the address's town), a second address line,
//   and further identifiers (match_id_<name>) as sorted 'name=value' pairs.
// params: [after, last]
MATCH (r:PersonRecord)
WHERE r.record_id > $after AND r.record_id <= $last
CALL (r) {
  OPTIONAL MATCH (r)-[lives:LIVES_AT]->(a:Address)
  RETURN a ORDER BY lives.to IS NULL DESC, lives.from DESC LIMIT 1
}
OPTIONAL MATCH (r)-[link:RESOLVES_TO]->(p:Person)
RETURN r.record_id AS record_id, r.source_agency AS source_agency, r.forename AS forename,
       r.middle_names AS middle_names, r.surname AS surname, r.aliases AS aliases,
       toString(r.dob) AS dob, r.sex AS sex, r.nhs_number AS nhs_number,
       r.ni_number AS ni_number, r.upn AS upn, coalesce(r.postcode, a.postcode) AS postcode,
       a.line1 AS address, r.match_address_line_2 AS address_line_2,
       coalesce(r.match_locality, r.match_town, a.town) AS place,
       [k IN keys(r) WHERE k STARTS WITH 'match_id_' AND r[k] IS NOT NULL
        | substring(k, 9) + '=' + toString(r[k])] AS soft_ids,
       p.person_id AS person_id, link.fingerprint AS fingerprint
ORDER BY record_id
