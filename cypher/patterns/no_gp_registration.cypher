// id: no_gp_registration
// title: Child not registered with a GP
// description: >
//   A child known to an agency - in contact within lookback_days, or placed at an address on
//   as_of by any agency's record (a refugee child's immigration record, say) - who has no GP
//   registration open on as_of, nor has a record waiting in the match review queue as possibly
//   the same child that has one. The evidence is the child's latest agency contacts.
// why: >
//   A child with no GP misses immunisations, health checks and the health visitor, and nobody
//   holds their health history; unregistered children recur in serious case reviews.
// severity: medium
// agencies: [gp, hospital, police, schools, social_care, immigration]
// params:
//   - {name: as_of, type: date, default: today, description: Reference date}
//   - {name: min_age_days, type: int, default: 28, min: 0, max: 365, description: Ignore babies younger than this}
//   - {name: lookback_days, type: int, default: 1095, min: 30, max: 3650, description: Contact with any agency within this many days}
// returns: [person_id, display_name, score, summary, evidence]
// scope: 1  # an incremental run re-checks changed people and those within 1 hop(s): a hit reads people one hop away (shared address or event, relative, pending review pair)
MATCH (p:Person)
WHERE p.dob > $as_of - duration({years: 18})
  AND ($scope IS NULL OR p.person_id IN $scope)
  AND p.dob <= $as_of - duration({days: $min_age_days})
  AND coalesce(p.status, 'active') = 'active'
  AND NOT EXISTS {
    MATCH (p)<-[:RESOLVES_TO]-(:PersonRecord)-[g:REGISTERED_WITH]->()
    WHERE (g.from IS NULL OR g.from <= $as_of) AND (g.to IS NULL OR g.to >= $as_of)
  }
  // a record that may be the same child (an undecided match pair: pending, or waiting for the agency) and is registered explains it
  AND NOT EXISTS {
    MATCH (p)<-[:RESOLVES_TO]-(:PersonRecord)
          <-[:CANDIDATE]-(undecided:ReviewPair WHERE undecided.status IN ['pending', 'waiting'])
          -[:CANDIDATE]->(:PersonRecord)-[:RESOLVES_TO]->(o:Person)
    MATCH (o)<-[:RESOLVES_TO]-(:PersonRecord)-[g:REGISTERED_WITH]->()
    WHERE o <> p AND (g.from IS NULL OR g.from <= $as_of) AND (g.to IS NULL OR g.to >= $as_of)
  }
WITH p, COLLECT {
  MATCH (p)<-[:RESOLVES_TO]-(:PersonRecord)-[:INVOLVED_IN]->(e:Event)
  WHERE e.date <= $as_of
  RETURN DISTINCT e ORDER BY e.date DESC LIMIT 10
} AS contacts
WHERE size(contacts) > 0
  AND (head(contacts).date > $as_of - duration({days: $lookback_days}) OR EXISTS {
    MATCH (p)<-[:RESOLVES_TO]-(:PersonRecord)-[l:LIVES_AT]->(:Address)
    WHERE (l.from IS NULL OR l.from <= $as_of) AND (l.to IS NULL OR l.to >= $as_of)
  })
RETURN p.person_id AS person_id, p.display_name AS display_name,
       size(contacts) AS score,
       'No GP registration on ' + toString($as_of) + '; ' + toString(size(contacts)) +
         ' contact(s) with other services, latest ' + toString(head(contacts).date) AS summary,
       [e IN contacts | {agency: e.source_agency, record_id: e.source_record_id,
         event_id: e.event_id, category: e.category, type: e.type, date: e.date}] AS evidence
