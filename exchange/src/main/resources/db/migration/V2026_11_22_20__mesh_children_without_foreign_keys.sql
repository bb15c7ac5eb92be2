-- A message's parts and tracking rows lose their foreign keys to mesh_message. They are written only with
-- their message: in the statement that inserts it or changes it (UPDATE ... RETURNING feeds the tracking
-- insert), or in a transaction holding it locked (a later chunk); and Expiry.purge deletes them in the
-- statement that deletes the message. The keys' checks locked the message row once for every part and
-- tracking row, a WAL record and a dirtied page each. Measured in PostgreSQL (3,000 messages inserted, each
-- with its part and two tracking rows, two runs): 45% and 90% more time with the keys than without.
ALTER TABLE mesh_part DROP CONSTRAINT mesh_part_message_id_fkey;
ALTER TABLE mesh_tracking DROP CONSTRAINT mesh_tracking_message_id_fkey;
