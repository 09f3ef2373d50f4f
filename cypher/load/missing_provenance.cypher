// description: Loader-written nodes and relationships lacking any provenance property
//   (source_agency, source_record_id, load_run_id, loaded_at). Should return nothing.
// params: [labels, types]
CALL () {
  MATCH (n) WHERE any(l IN labels(n) WHERE l IN $labels)
    AND (n.source_agency IS NULL OR n.source_record_id IS NULL OR n.load_run_id IS NULL
         OR n.loaded_at IS NULL)
  RETURN 'node' AS kind, labels(n)[0] AS what, count(*) AS missing
  UNION ALL
  MATCH ()-[r]->() WHERE type(r) IN $types
    AND (r.source_agency IS NULL OR r.source_record_id IS NULL OR r.load_run_id IS NULL
         OR r.loaded_at IS NULL)
  RETURN 'relationship' AS kind, type(r) AS what, count(*) AS missing
}
WITH kind, what, missing WHERE missing > 0
RETURN kind, what, missing
