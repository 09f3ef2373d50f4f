// id: missing_from_education
// title: Child missing education
// description: >
//   A child of compulsory school age on as_of, known to at least one agency, who is on no
//   school roll on that date (a schools record of enrolment) and has no elective home
//   education record - nor has a record waiting in the match review queue as possibly the same
//   child that is on a roll or home educated.
// why: >
//   Children missing education are invisible to the professionals best placed to notice harm;
//   local authorities have a duty to identify them (Education Act 1996 s436A).
// severity: high
// agencies: [schools, gp, hospital, police, social_care, immigration, housing, benefits]
// params:
//   - {name: as_of, type: date, default: today, description: Reference date}
//   - {name: min_age, type: int, default: 5, min: 4, max: 18, description: Youngest compulsory school age (years)}
//   - {name: max_age, type: int, default: 15, min: 4, max: 18, description: Oldest compulsory school age (years)}
// returns: [person_id, display_name, score, summary, evidence]
// scope: 1  # an incremental run re-checks changed people and those within 1 hop(s): a hit reads people one hop away (shared address or event, relative, pending review pair)
MATCH (p:Person)
WHERE p.dob <= $as_of - duration({years: $min_age})
  AND ($scope IS NULL OR p.person_id IN $scope)
  AND p.dob > $as_of - duration({years: $max_age + 1})
  AND coalesce(p.status, 'active') = 'active'
  AND NOT EXISTS {
    MATCH (p)<-[:RESOLVES_TO]-(:PersonRecord {source_agency: 'schools'})-[en:ENROLLED_AT]->()
    WHERE (en.from IS NULL OR en.from <= $as_of) AND (en.to IS NULL OR en.to >= $as_of)
  }
  AND NOT EXISTS {
    MATCH (p)<-[:RESOLVES_TO]-(:PersonRecord)-[:INVOLVED_IN]->(h:Event {category: 'elective_home_education'})
    WHERE h.date <= $as_of
  }
  // a record that may be the same child (an undecided match pair: pending, or waiting for the agency) on a roll or home educated
  AND NOT EXISTS {
    MATCH (p)<-[:RESOLVES_TO]-(:PersonRecord)
          <-[:CANDIDATE]-(undecided:ReviewPair WHERE undecided.status IN ['pending', 'waiting'])
          -[:CANDIDATE]->(:PersonRecord)-[:RESOLVES_TO]->(o:Person)
    WHERE o <> p AND (EXISTS {
        MATCH (o)<-[:RESOLVES_TO]-(:PersonRecord {source_agency: 'schools'})-[en:ENROLLED_AT]->()
        WHERE (en.from IS NULL OR en.from <= $as_of) AND (en.to IS NULL OR en.to >= $as_of)
      } OR EXISTS {
        MATCH (o)<-[:RESOLVES_TO]-(:PersonRecord)-[:INVOLVED_IN]->(h:Event {category: 'elective_home_education'})
        WHERE h.date <= $as_of
      })
  }
MATCH (p)<-[:RESOLVES_TO]-(r:PersonRecord)
WITH p, collect(DISTINCT r) AS records
WITH p, records, COLLECT {
  MATCH (p)<-[:RESOLVES_TO]-(:PersonRecord)-[:INVOLVED_IN]->(e:Event)
  WHERE e.date <= $as_of
  RETURN DISTINCT e ORDER BY e.date DESC LIMIT 5
} AS latest
RETURN p.person_id AS person_id, p.display_name AS display_name,
       duration.between(p.dob, $as_of).years AS score,
       'Aged ' + toString(duration.between(p.dob, $as_of).years) + ', known to ' +
         toString(size(records)) + ' agency record(s), on no school roll and not home educated'
         AS summary,
       [r IN records | {agency: r.source_agency, record_id: r.source_record_id,
         person_record_id: r.record_id, category: 'record', type: 'person_record'}] +
       [e IN latest | {agency: e.source_agency, record_id: e.source_record_id,
         event_id: e.event_id, category: e.category, type: e.type, date: e.date}] AS evidence
