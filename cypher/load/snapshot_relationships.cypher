// description: Every relationship with its type, properties and the stable keys of both ends.
// params: []
MATCH (a)-[r]->(b)
RETURN type(r) AS type, properties(r) AS props,
       coalesce(a.record_id, a.event_id, a.address_id, a.org_id, a.agency_id, a.run_id,
                a.row_id, a.person_id) AS from_key,
       coalesce(b.record_id, b.event_id, b.address_id, b.org_id, b.agency_id, b.run_id,
                b.row_id, b.person_id) AS to_key
