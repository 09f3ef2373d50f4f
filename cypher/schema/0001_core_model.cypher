// description: Core safeguarding graph model - natural keys, search indexes, full-text names.
//   Every node carries provenance (source_agency, source_record_id, load_run_id, loaded_at);
//   keys are stable hashes of natural keys (graph_model/ids.py), never element ids.

CREATE CONSTRAINT agency_id IF NOT EXISTS
FOR (n:Agency) REQUIRE n.agency_id IS UNIQUE;

CREATE CONSTRAINT person_record_id IF NOT EXISTS
FOR (n:PersonRecord) REQUIRE n.record_id IS UNIQUE;

CREATE CONSTRAINT person_id IF NOT EXISTS
FOR (n:Person) REQUIRE n.person_id IS UNIQUE;

CREATE CONSTRAINT address_id IF NOT EXISTS
FOR (n:Address) REQUIRE n.address_id IS UNIQUE;

CREATE CONSTRAINT event_id IF NOT EXISTS
FOR (n:Event) REQUIRE n.event_id IS UNIQUE;

CREATE CONSTRAINT organisation_id IF NOT EXISTS
FOR (n:Organisation) REQUIRE n.org_id IS UNIQUE;

CREATE CONSTRAINT load_run_id IF NOT EXISTS
FOR (n:LoadRun) REQUIRE n.run_id IS UNIQUE;

CREATE CONSTRAINT quarantined_row_id IF NOT EXISTS
FOR (n:QuarantinedRow) REQUIRE n.row_id IS UNIQUE;

CREATE CONSTRAINT schema_migration_version IF NOT EXISTS
FOR (n:SchemaMigration) REQUIRE n.version IS UNIQUE;

CREATE INDEX person_record_agency IF NOT EXISTS FOR (n:PersonRecord) ON (n.source_agency);
CREATE INDEX person_record_source_id IF NOT EXISTS FOR (n:PersonRecord) ON (n.source_record_id);
CREATE INDEX person_record_surname IF NOT EXISTS FOR (n:PersonRecord) ON (n.surname);
CREATE INDEX person_record_dob IF NOT EXISTS FOR (n:PersonRecord) ON (n.dob);
CREATE INDEX person_record_postcode IF NOT EXISTS FOR (n:PersonRecord) ON (n.postcode);
CREATE INDEX person_record_nhs IF NOT EXISTS FOR (n:PersonRecord) ON (n.nhs_number);
CREATE INDEX person_record_ni IF NOT EXISTS FOR (n:PersonRecord) ON (n.ni_number);
CREATE INDEX person_record_upn IF NOT EXISTS FOR (n:PersonRecord) ON (n.upn);
CREATE INDEX person_record_load_run IF NOT EXISTS FOR (n:PersonRecord) ON (n.load_run_id);
CREATE INDEX address_postcode IF NOT EXISTS FOR (n:Address) ON (n.postcode);
CREATE INDEX event_date IF NOT EXISTS FOR (n:Event) ON (n.date);
CREATE INDEX event_category IF NOT EXISTS FOR (n:Event) ON (n.category);
CREATE INDEX event_type IF NOT EXISTS FOR (n:Event) ON (n.type);
CREATE INDEX event_agency IF NOT EXISTS FOR (n:Event) ON (n.source_agency);
CREATE INDEX organisation_code IF NOT EXISTS FOR (n:Organisation) ON (n.code);
CREATE INDEX load_run_source IF NOT EXISTS FOR (n:LoadRun) ON (n.source);
CREATE INDEX quarantined_row_run IF NOT EXISTS FOR (n:QuarantinedRow) ON (n.load_run_id);

CREATE FULLTEXT INDEX person_record_names IF NOT EXISTS
FOR (n:PersonRecord) ON EACH [n.forename, n.middle_names, n.surname, n.full_name, n.aliases];
