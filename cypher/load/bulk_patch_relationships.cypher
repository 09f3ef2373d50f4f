// description: Set, after the offline import, the relationship properties a CSV file cannot
//   carry (see bulk_patch_nodes), found from the start node by its key and the rel_id.
// params: [rows]
UNWIND $rows AS row
CALL (row) {
  WITH row WHERE row.start_label = 'PersonRecord'
  MATCH (:PersonRecord {record_id: row.start})-[r]->()
  WHERE r.rel_id = row.key
  SET r += row.props
}
CALL (row) {
  WITH row WHERE row.start_label = 'Event'
  MATCH (:Event {event_id: row.start})-[r]->()
  WHERE r.rel_id = row.key
  SET r += row.props
}
