package org.openspine.exchange.filing;

import java.util.Objects;

/** Whose record a person at the practice chose for a workqueue item's letter. */
public sealed interface RecordChoice {

    /** The record with this Patient id. */
    record ById(String patientId) implements RecordChoice {
        public ById {
            Objects.requireNonNull(patientId, "patientId");
        }
    }

    /** The record carrying this (valid) NHS Number. */
    record ByNhsNumber(String nhsNumber) implements RecordChoice {
        public ByNhsNumber {
            Objects.requireNonNull(nhsNumber, "nhsNumber");
        }
    }
}
