// description: Warm-up (read only) - scan the other range indexes the pages and patterns seek -
//   Person id and status, Address id and postcode, Organisation id, and the LIVES_AT /
//   ENROLLED_AT `from` relationship indexes. Returns the entries read per index.
// params: []
CALL () { MATCH (n:Person) USING INDEX n:Person(person_id)
          WHERE n.person_id IS NOT NULL RETURN count(*) AS person_id }
CALL () { MATCH (n:Person) USING INDEX n:Person(status)
          WHERE n.status IS NOT NULL RETURN count(*) AS person_status }
CALL () { MATCH (n:Address) USING INDEX n:Address(address_id)
          WHERE n.address_id IS NOT NULL RETURN count(*) AS address_id }
CALL () { MATCH (n:Address) USING INDEX n:Address(postcode)
          WHERE n.postcode IS NOT NULL RETURN count(*) AS address_postcode }
CALL () { MATCH (n:Organisation) USING INDEX n:Organisation(org_id)
          WHERE n.org_id IS NOT NULL RETURN count(*) AS org_id }
CALL () { MATCH ()-[r:LIVES_AT]->() USING INDEX r:LIVES_AT(from)
          WHERE r.from IS NOT NULL RETURN count(*) AS lives_at_from }
CALL () { MATCH ()-[r:ENROLLED_AT]->() USING INDEX r:ENROLLED_AT(from)
          WHERE r.from IS NOT NULL RETURN count(*) AS enrolled_at_from }
RETURN person_id, person_status, address_id, address_postcode, org_id, lives_at_from,
       enrolled_at_from
