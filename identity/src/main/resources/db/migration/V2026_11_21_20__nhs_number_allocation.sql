-- NHS Numbers allocated by this OpenSpine (demo and test environments): each allocation takes the next
-- offset into the configured range of nine-digit stems. A sequence never hands out a value twice, even
-- when the transaction that took it rolls back, so no number is ever allocated twice.
CREATE SEQUENCE nhs_number_allocation MINVALUE 0 START WITH 0 NO CYCLE;
