-- Schema 4 (issue 13, parts 1 and 2): who acts on this vault, and what is due.
-- The profile: one row (id 1), the professional who works on this laptop (name, role,
-- organisation; member_id is random and stable, for the team).
CREATE TABLE profile (
	id INTEGER NOT NULL, 
	member_id VARCHAR(64) NOT NULL, 
	name VARCHAR(200) NOT NULL, 
	role VARCHAR(40) NOT NULL, 
	organisation VARCHAR(200) NOT NULL, 
	updated_at DATETIME NOT NULL, 
	PRIMARY KEY (id)
);

-- Audit lines name the actor's role and member id (NEN 7513). Older lines keep '' in both, and
-- their hash is computed as before (storage/audit.py), so the chain still verifies.
ALTER TABLE audit_event ADD COLUMN actor_role VARCHAR(40) DEFAULT '' NOT NULL;

ALTER TABLE audit_event ADD COLUMN actor_id VARCHAR(64) DEFAULT '' NOT NULL;

-- "Volgende actie" gets an optional date and who.
ALTER TABLE household ADD COLUMN next_action_on DATE;

ALTER TABLE household ADD COLUMN next_action_by VARCHAR(200) DEFAULT '' NOT NULL;

-- Vandaag: per household what can fall due (JSON that holds on any day), the earliest date
-- anything is due and an open case's earliest regular closing date, rewritten with the caseload
-- entry in the transaction of every change (storage/agenda.py). The dates are indexed, so the
-- agenda reads only households with something in its window. Empty after this step: the app
-- fills it with the caseload (FACTS_VERSION 2) the first time either is read.
CREATE TABLE agenda_entry (
	household_id INTEGER NOT NULL, 
	facts_version INTEGER NOT NULL, 
	due_on DATE, 
	closing_on DATE, 
	items TEXT NOT NULL, 
	PRIMARY KEY (household_id), 
	FOREIGN KEY(household_id) REFERENCES household (id) ON DELETE CASCADE
);

CREATE INDEX ix_agenda_due ON agenda_entry (due_on);

CREATE INDEX ix_agenda_closing ON agenda_entry (closing_on);
