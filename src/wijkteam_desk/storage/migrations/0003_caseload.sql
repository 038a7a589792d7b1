-- Schema 3: the caseload table. Per household the facts the dashboard and the rules read (JSON
-- that holds on any day), rewritten in the transaction of every change. Empty after this step:
-- the app fills it for every household without an entry the first time the caseload is read.

CREATE TABLE caseload_entry (
	household_id INTEGER NOT NULL, 
	facts_version INTEGER NOT NULL, 
	facts TEXT NOT NULL, 
	PRIMARY KEY (household_id), 
	FOREIGN KEY(household_id) REFERENCES household (id) ON DELETE CASCADE
);
