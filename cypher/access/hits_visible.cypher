// description: Which pattern hits the viewer may see - a hit (like the flag it would raise) is shown
//   only when every event and record evidencing it is visible under the agreement. $hits is a
//   list of maps with the events and records evidencing each hit; one row per hit, in order.
// access: agreement
// params: [hits, visible_agencies, visible_event_types]
UNWIND range(0, size($hits) - 1) AS index
WITH index, $hits[index] AS hit
RETURN index,
       ALL(id IN hit.events WHERE EXISTS {
             MATCH (e:Event {event_id: id})
             WHERE e.source_agency IN $visible_agencies
               AND [e.category, e.type] IN $visible_event_types })
       AND ALL(id IN hit.records WHERE EXISTS {
             MATCH (r:PersonRecord {record_id: id})
             WHERE r.source_agency IN $visible_agencies }) AS visible
ORDER BY index
