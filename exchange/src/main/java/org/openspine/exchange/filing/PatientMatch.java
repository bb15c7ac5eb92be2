package org.openspine.exchange.filing;

import java.util.List;
import java.util.Objects;

/**
 * Which patient's record a letter belongs to, as a {@link PatientFinder} answers. Match exhaustively with
 * {@code switch}: only {@link Found} files the letter; the others put it in the practice's workqueue.
 */
public sealed interface PatientMatch {

    /**
     * One record, beyond reasonable doubt (the same NHS Number, or demographics that single it out).
     *
     * @param patientId the Patient's id
     */
    record Found(String patientId) implements PatientMatch {
        public Found {
            Objects.requireNonNull(patientId, "patientId");
        }
    }

    /**
     * Several records match and nothing tells them apart (twins; two records with one NHS Number).
     *
     * @param patientIds the contenders, best first
     */
    record Ambiguous(List<String> patientIds) implements PatientMatch {
        public Ambiguous {
            patientIds = List.copyOf(patientIds);
        }
    }

    /**
     * No record matches.
     *
     * @param possible records a person might consider, best first; may be empty
     */
    record NotFound(List<String> possible) implements PatientMatch {
        public NotFound {
            possible = List.copyOf(possible);
        }
    }
}
