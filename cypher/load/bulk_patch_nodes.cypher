// description: Set, after the offline import, the node properties a CSV file cannot carry (an
//   empty list, an array element holding the array delimiter, a property name a CSV header
//   cannot spell), to the values a transactional load would have written.
// params: [rows]
UNWIND $rows AS row
CALL (row) {
  WITH row WHERE row.label = 'PersonRecord'
  MATCH (n:PersonRecord {record_id: row.key})
  SET n += row.props
}
CALL (row) {
  WITH row WHERE row.label = 'Event'
  MATCH (n:Event {event_id: row.key})
  SET n += row.props
}
CALL (row) {
  WITH row WHERE row.label = 'Address'
  MATCH (n:Address {address_id: row.key})
  SET n += row.props
}
CALL (row) {
  WITH row WHERE row.label = 'Organisation'
  MATCH (n:Organisation {org_id: row.key})
  SET n += row.props
}
