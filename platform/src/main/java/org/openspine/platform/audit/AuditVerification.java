package org.openspine.platform.audit;

import java.util.List;
import java.util.Objects;
import java.util.UUID;

/**
 * What {@link AuditVerifier#verify} found.
 *
 * @param rowsChecked     audit rows read and checked
 * @param sealedFirst     rows the verification sealed before checking
 * @param pending         rows not yet sealed when checked (their transactions were still running, or they
 *                        committed after the sealing), whose MACs verified
 * @param findings        each sign of tampering, in chain order, then unsealed rows; at most
 *                        {@value AuditVerifier#MAX_FINDINGS}
 * @param findingsOmitted how many more there were
 */
public record AuditVerification(long rowsChecked, long sealedFirst, long pending, List<Finding> findings,
        long findingsOmitted) {

    public AuditVerification {
        findings = List.copyOf(findings);
    }

    /** @return whether no tampering was found */
    public boolean intact() {
        return findings.isEmpty();
    }

    /** One sign of tampering. */
    public sealed interface Finding permits Altered, Inserted, Deleted, ChainBroken {
        /** @return one line for a person: what, where, with ids */
        String describe();
    }

    /**
     * A sealed row whose content does not match its MAC: changed after it was written, or written
     * without the key before it was sealed.
     *
     * @param position its chain position
     */
    public record Altered(UUID id, long position) implements Finding {
        public Altered {
            Objects.requireNonNull(id, "id");
        }

        @Override
        public String describe() {
            return "altered: audit event " + id + " at chain position " + position + ": its content does not match its MAC";
        }
    }

    /**
     * A row OpenSpine did not write: it lies among sealed rows but no seal lists it, or it is not sealed
     * yet and its MAC does not verify.
     *
     * @param pending whether it is among the rows not sealed yet
     */
    public record Inserted(UUID id, boolean pending) implements Finding {
        public Inserted {
            Objects.requireNonNull(id, "id");
        }

        @Override
        public String describe() {
            return "inserted: audit event " + id + (pending ? " (not sealed yet) does not match its MAC"
                    : " lies among sealed rows but no seal lists it");
        }
    }

    /**
     * A row a seal lists that is gone.
     *
     * @param position its chain position
     * @param seal     the seal that lists it
     */
    public record Deleted(UUID id, long position, long seal) implements Finding {
        public Deleted {
            Objects.requireNonNull(id, "id");
        }

        @Override
        public String describe() {
            return "deleted: audit event " + id + " at chain position " + position + " (listed by seal " + seal + ") is missing";
        }
    }

    /** The chain itself was tampered with: a seal or the head is missing, changed, or does not follow on. */
    public record ChainBroken(String problem) implements Finding {
        public ChainBroken {
            Objects.requireNonNull(problem, "problem");
        }

        @Override
        public String describe() {
            return "chain: " + problem;
        }
    }
}
