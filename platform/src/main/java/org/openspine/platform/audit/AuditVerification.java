package org.openspine.platform.audit;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * What {@link AuditVerifier#verify} found.
 *
 * @param rowsChecked     audit rows read and checked
 * @param sealedFirst     rows the verification sealed before checking
 * @param pending         rows written after that sealing, so not yet in the chain (their MACs verified)
 * @param findings        each sign of tampering, in chain order then unsealed rows by id; at most
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
    public sealed interface Finding permits Altered, Forged, Missing, HeadMismatch {
        /** @return one line for a person: what, where, with ids */
        String describe();
    }

    /** Which part of a genuine row changed. */
    public enum Part {
        /** Its content: the row no longer matches its MAC, though its chain link shows OpenSpine sealed it. */
        CONTENT,
        /** Its chain position or link: the content verifies, the link to the previous row does not. */
        CHAIN
    }

    /** A row OpenSpine wrote and sealed was changed afterwards. */
    public record Altered(UUID id, long chainSeq, Part part) implements Finding {
        public Altered {
            Objects.requireNonNull(id, "id");
            Objects.requireNonNull(part, "part");
        }

        @Override
        public String describe() {
            return "altered: audit event " + id + " at chain position " + chainSeq + (part == Part.CONTENT
                    ? ": its content no longer matches its MAC" : ": its chain link does not follow from the row before");
        }
    }

    /** A row OpenSpine never wrote: its MAC does not verify and nothing ties it into the chain. */
    public record Forged(UUID id, Optional<Long> chainSeq) implements Finding {
        public Forged {
            Objects.requireNonNull(id, "id");
            Objects.requireNonNull(chainSeq, "chainSeq");
        }

        @Override
        public String describe() {
            return "inserted: audit event " + id + chainSeq.map(s -> " at chain position " + s).orElse(" (unsealed)")
                    + " was not written by OpenSpine: its MAC does not verify";
        }
    }

    /**
     * Chain positions with no row: rows were deleted.
     *
     * @param after  the row before the gap, if any
     * @param before the row after the gap, if known; none when the newest rows were deleted (the head says
     *               how many) or a forged row took the place
     */
    public record Missing(long fromSeq, long toSeq, Optional<UUID> after, Optional<UUID> before) implements Finding {
        public Missing {
            Objects.requireNonNull(after, "after");
            Objects.requireNonNull(before, "before");
        }

        @Override
        public String describe() {
            long count = toSeq - fromSeq + 1;
            return "deleted: " + (count == 1 ? "the row at chain position " + fromSeq
                    : count + " rows at chain positions " + fromSeq + ".." + toSeq) + " missing"
                    + after.map(id -> ", after audit event " + id).orElse("")
                    + before.map(id -> ", before audit event " + id).orElse("");
        }
    }

    /** The chain head is missing, forged, or does not match the newest link. */
    public record HeadMismatch(String problem) implements Finding {
        public HeadMismatch {
            Objects.requireNonNull(problem, "problem");
        }

        @Override
        public String describe() {
            return "chain head: " + problem;
        }
    }
}
