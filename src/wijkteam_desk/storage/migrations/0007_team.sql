-- Schema 7: the team (issues 16 and 17). Team-wide row ids: the high-water mark of this
-- laptop's id block per table (storage/ids.py).
CREATE TABLE id_mark (
    table_name VARCHAR(64) NOT NULL,
    last_id INTEGER NOT NULL,
    PRIMARY KEY (table_name)
);

-- This laptop in the team (storage/models_team.py): the membership, the roster's members, the
-- ledger of the team folder, what the team knows per household, colleagues' audit lines and
-- late changes kept for review. None of it travels; all of it is empty until the vault joins.
CREATE TABLE team_membership (
	id INTEGER NOT NULL, 
	team_id VARCHAR(64) NOT NULL, 
	team_name VARCHAR(100) NOT NULL, 
	member_id VARCHAR(64) NOT NULL, 
	anchor VARCHAR(64) NOT NULL, 
	chain TEXT NOT NULL, 
	roster_version INTEGER NOT NULL, 
	folder TEXT NOT NULL, 
	next_sequence INTEGER NOT NULL, 
	joined_at DATETIME NOT NULL, 
	last_sync_at DATETIME, 
	last_sync TEXT NOT NULL, 
	compacted_version INTEGER NOT NULL, 
	compacted_at DATETIME, 
	roster_published INTEGER NOT NULL, 
	PRIMARY KEY (id)
);

CREATE TABLE team_member (
	member_id VARCHAR(64) NOT NULL, 
	name VARCHAR(100) NOT NULL, 
	role VARCHAR(40) NOT NULL, 
	fingerprint VARCHAR(64) NOT NULL, 
	id_block INTEGER NOT NULL, 
	current BOOLEAN NOT NULL, 
	PRIMARY KEY (member_id)
);

CREATE TABLE team_author (
	member_id VARCHAR(64) NOT NULL, 
	floor INTEGER NOT NULL, 
	highest INTEGER NOT NULL, 
	last_seen VARCHAR(20) NOT NULL, 
	seen TEXT NOT NULL, 
	hints TEXT NOT NULL, 
	rosters TEXT NOT NULL, 
	acked_me INTEGER NOT NULL, 
	PRIMARY KEY (member_id)
);

CREATE TABLE team_refusal (
	label VARCHAR(400) NOT NULL, 
	sha256 VARCHAR(80) NOT NULL, 
	reason VARCHAR(40) NOT NULL, 
	PRIMARY KEY (label)
);

CREATE TABLE team_household (
	household_id INTEGER NOT NULL, 
	creator VARCHAR(64) NOT NULL, 
	version INTEGER NOT NULL, 
	dossierhouder VARCHAR(64) NOT NULL, 
	pen TEXT NOT NULL, 
	afgeschermd BOOLEAN NOT NULL, 
	withdrawn BOOLEAN NOT NULL, 
	published_version INTEGER NOT NULL, 
	published_sequence INTEGER NOT NULL, 
	handover_to VARCHAR(64) NOT NULL, 
	handover_version INTEGER NOT NULL, 
	taken_from VARCHAR(64) NOT NULL, 
	received_from VARCHAR(64) NOT NULL, 
	received_at DATETIME, 
	digests TEXT NOT NULL, 
	PRIMARY KEY (household_id)
);
CREATE INDEX ix_team_household_holder ON team_household (dossierhouder);

CREATE TABLE team_audit (
	household_id INTEGER NOT NULL, 
	origin VARCHAR(64) NOT NULL, 
	hash VARCHAR(64) NOT NULL, 
	at VARCHAR(40) NOT NULL, 
	line TEXT NOT NULL, 
	PRIMARY KEY (household_id, origin, hash), 
	FOREIGN KEY(household_id) REFERENCES household (id) ON DELETE CASCADE
);
CREATE INDEX ix_team_audit_household ON team_audit (household_id, at);

CREATE TABLE team_review (
	id INTEGER NOT NULL, 
	household_id INTEGER NOT NULL, 
	author VARCHAR(64) NOT NULL, 
	version INTEGER NOT NULL, 
	reason VARCHAR(40) NOT NULL, 
	document TEXT NOT NULL, 
	label VARCHAR(400) NOT NULL, 
	received_at DATETIME NOT NULL, 
	status VARCHAR(20) NOT NULL, 
	PRIMARY KEY (id)
);
CREATE UNIQUE INDEX ix_team_review_household ON team_review (household_id, author, version);


-- Issue 17: takeover notices this laptop wrote as teamleider, until they are no longer needed.
CREATE TABLE team_notice (
	id INTEGER NOT NULL, 
	household_id INTEGER NOT NULL, 
	to_member VARCHAR(64) NOT NULL, 
	base_version INTEGER NOT NULL, 
	notice TEXT NOT NULL, 
	created_at DATETIME NOT NULL, 
	sequence INTEGER NOT NULL, 
	PRIMARY KEY (id)
);

-- Issue 17: a household that becomes afgeschermd first tells the team to drop its copy.
ALTER TABLE team_household ADD COLUMN withdraw_pending INTEGER NOT NULL DEFAULT 0;
ALTER TABLE team_household ADD COLUMN withdraw_sequence INTEGER NOT NULL DEFAULT 0;
