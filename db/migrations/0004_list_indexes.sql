-- 0004_list_indexes: the list views sort by last change and by decision date; index both so
-- "the newest 50" reads 50 rows instead of sorting the whole table.
CREATE INDEX adr_by_updated ON adr(updated_at);
CREATE INDEX adr_by_date ON adr(decision_date);
