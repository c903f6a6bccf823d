-- A version may carry a note from whoever stored it (aviary acl update --comment).
ALTER TABLE acl_policy_version ADD COLUMN comment text;
