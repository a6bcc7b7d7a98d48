-- Records a sync page changed whose work-list rows are still to rebuild (once per record at the
-- end of a pull, not once per page; a pull killed before then leaves them here for the next).
CREATE TABLE crm_dirty (
    record_id TEXT PRIMARY KEY
) STRICT, WITHOUT ROWID;
