// description: Review pairs carry both records' agencies (agency_a, agency_b), so the review
//   queue can count what an agreement withholds from the pairs alone instead of reading two
//   records per pending pair. Backfilled here; every later resolution run writes them.

MATCH (q:ReviewPair) WHERE q.agency_a IS NULL OR q.agency_b IS NULL
MATCH (a:PersonRecord {record_id: q.record_a})
MATCH (b:PersonRecord {record_id: q.record_b})
SET q.agency_a = a.source_agency, q.agency_b = b.source_agency;
