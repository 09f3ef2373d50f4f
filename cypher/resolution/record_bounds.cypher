// description: The last record_id of every page of $page_size records (record_id order), so
//   pages can be read independently - in parallel - as ranges (previous bound, bound].
//   Reads only the record_id index; the ids list lives in the server's heap for a moment
//   (about 50 MB per million records).
// params: [page_size]
MATCH (r:PersonRecord) WHERE r.record_id IS NOT NULL
WITH r.record_id AS id ORDER BY id
WITH collect(id) AS ids
UNWIND [i IN range(0, size(ids) - 1)
        WHERE i % $page_size = $page_size - 1 OR i = size(ids) - 1] AS i
RETURN ids[i] AS last
ORDER BY last
