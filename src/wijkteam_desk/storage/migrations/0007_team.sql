-- Schema 7: the team (issues 16 and 17). Team-wide row ids: the high-water mark of this
-- laptop's id block per table (storage/ids.py).
CREATE TABLE id_mark (
    table_name VARCHAR(64) NOT NULL,
    last_id INTEGER NOT NULL,
    PRIMARY KEY (table_name)
);
