-- Schema 6: exchange format 1.1 (issue 14). The household data an overdracht carries that the
-- household row has no column for (VT's address) with VT's last values for the three-way merge;
-- VT withdrawing a veiligheidsvoorwaarde; receipts waiting in the outbox; sequence numbers that
-- continue across a key change.

CREATE TABLE vt_household (
	household_id INTEGER NOT NULL, 
	street VARCHAR(120) NOT NULL, 
	house_number VARCHAR(16) NOT NULL, 
	postcode VARCHAR(16) NOT NULL, 
	city VARCHAR(80) NOT NULL, 
	import_snapshot TEXT NOT NULL, 
	PRIMARY KEY (household_id), 
	FOREIGN KEY(household_id) REFERENCES household (id) ON DELETE CASCADE
);

CREATE TABLE exchange_outbox (
	id INTEGER NOT NULL, 
	household_id INTEGER, 
	kind VARCHAR(40) NOT NULL, 
	peer_key_id VARCHAR(32) NOT NULL, 
	payload TEXT NOT NULL, 
	created_at DATETIME NOT NULL, 
	PRIMARY KEY (id), 
	FOREIGN KEY(household_id) REFERENCES household (id) ON DELETE CASCADE
);

ALTER TABLE safety_condition ADD COLUMN withdrawn_on DATE;

ALTER TABLE exchange_key ADD COLUMN sequence_floor INTEGER DEFAULT 0 NOT NULL;
